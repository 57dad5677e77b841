#include "http/accept_encoding.hpp"

#include <gtest/gtest.h>

#include <array>
#include <ostream>
#include <span>
#include <string_view>
#include <vector>

namespace portico::http {
namespace {

using enum Coding;

// Deliberately not in preference order: the result must not depend on it.
constexpr std::array<Coding, 3> kAll{gzip, zstd, br};
constexpr std::array<Coding, 1> kGzipOnly{gzip};
constexpr std::array<Coding, 2> kBrGzip{gzip, br};

struct EncodingCase {
  std::string_view header;
  std::vector<Coding> expected;
};

void PrintTo(const EncodingCase& c, std::ostream* os) {
  *os << '[' << c.header << ']';
}

class AcceptableCodingsTest : public ::testing::TestWithParam<EncodingCase> {};

TEST_P(AcceptableCodingsTest, AllAvailable) {
  EXPECT_EQ(acceptable_codings(GetParam().header, kAll), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Basics, AcceptableCodingsTest,
    ::testing::Values(EncodingCase{"", {}}, EncodingCase{" ", {}}, EncodingCase{",", {}},
                      EncodingCase{"identity", {}}, EncodingCase{"deflate", {}},
                      EncodingCase{"gzip", {gzip}}, EncodingCase{"br", {br}},
                      EncodingCase{"zstd", {zstd}},
                      // Equal weights: the server's order, not the client's.
                      EncodingCase{"gzip, deflate, br", {br, gzip}},
                      EncodingCase{"gzip, deflate, br, zstd", {br, zstd, gzip}},
                      EncodingCase{"gzip,br,zstd", {br, zstd, gzip}},
                      // Case and aliases.
                      EncodingCase{"GZIP", {gzip}}, EncodingCase{"Br, ZSTD", {br, zstd}},
                      EncodingCase{"x-gzip", {gzip}}, EncodingCase{"X-GZIP;q=0.5", {gzip}},
                      // Whitespace variants.
                      EncodingCase{"  gzip  ,  br  ", {br, gzip}},
                      EncodingCase{"gzip ; q=0.5 ,\tbr", {br, gzip}},
                      EncodingCase{"gzip;q=0.5,br;q=0.6", {br, gzip}},
                      EncodingCase{"gzip\t;\tq=1", {gzip}}, EncodingCase{",,gzip,,", {gzip}}));

INSTANTIATE_TEST_SUITE_P(
    Weights, AcceptableCodingsTest,
    ::testing::Values(EncodingCase{"br;q=0.5, gzip", {gzip, br}},
                      EncodingCase{"br;q=0.5, gzip;q=0.5", {br, gzip}},
                      EncodingCase{"gzip;q=1.0, br;q=0.999", {gzip, br}},
                      EncodingCase{"gzip;q=0.001, br;q=0.002", {br, gzip}},
                      EncodingCase{"br;Q=0.5, gzip", {gzip, br}},  // "q" is case-insensitive
                      EncodingCase{"gzip;q=1.", {gzip}}, EncodingCase{"gzip;q=1.000", {gzip}},
                      // q=0 refuses.
                      EncodingCase{"gzip;q=0", {}}, EncodingCase{"gzip;q=0.", {}},
                      EncodingCase{"gzip;q=0.000", {}}, EncodingCase{"gzip;q=0, br", {br}},
                      EncodingCase{"br;q=0, zstd;q=0, gzip;q=0", {}},
                      // identity's weight does not matter for precompressed codings.
                      EncodingCase{"identity;q=0", {}}, EncodingCase{"identity;q=0, gzip", {gzip}},
                      EncodingCase{"gzip, identity;q=0", {gzip}}));

INSTANTIATE_TEST_SUITE_P(Star, AcceptableCodingsTest,
                         ::testing::Values(EncodingCase{"*", {br, zstd, gzip}},
                                           EncodingCase{"*;q=0", {}},
                                           EncodingCase{"*;q=0, gzip", {gzip}},
                                           EncodingCase{"gzip;q=0, *", {br, zstd}},
                                           EncodingCase{"*;q=0.5, gzip", {gzip, br, zstd}},
                                           EncodingCase{"br;q=0.2, *;q=0.5", {zstd, gzip, br}},
                                           EncodingCase{"x-gzip;q=0, *", {br, zstd}},
                                           EncodingCase{"identity, *;q=0", {}}));

INSTANTIATE_TEST_SUITE_P(
    Malformed, AcceptableCodingsTest,
    ::testing::Values(EncodingCase{"gzip;q=", {}}, EncodingCase{"gzip;q=2", {}},
                      EncodingCase{"gzip;q=1.5", {}}, EncodingCase{"gzip;q=1.001", {}},
                      EncodingCase{"gzip;q=0.1234", {}},  // more than three decimals
                      EncodingCase{"gzip;q=.5", {}}, EncodingCase{"gzip;q=-0.5", {}},
                      EncodingCase{"gzip;q=0.5x", {}}, EncodingCase{"gzip;q = 0.5", {}},
                      EncodingCase{"gzip;q=0.5;q=0.6", {}}, EncodingCase{"gzip;level=1", {}},
                      EncodingCase{"gzip;", {}}, EncodingCase{";q=1", {}},
                      EncodingCase{"gz ip", {}}, EncodingCase{"\"gzip\"", {}},
                      // A malformed element is dropped; the rest still count.
                      EncodingCase{"gzip;q=bad, br", {br}},
                      EncodingCase{"gzip;q=0.1234, *;q=0.5", {br, zstd, gzip}},
                      // A malformed refusal does not refuse: "*" still covers gzip.
                      EncodingCase{"gzip;q=0x, *", {br, zstd, gzip}}));

INSTANTIATE_TEST_SUITE_P(Repeats, AcceptableCodingsTest,
                         ::testing::Values(EncodingCase{"gzip;q=0, gzip", {}},
                                           EncodingCase{"gzip, gzip;q=0", {gzip}},
                                           EncodingCase{"gzip;q=0, x-gzip", {}},
                                           EncodingCase{"*;q=0, *", {}},
                                           EncodingCase{"gzip;q=bad, gzip;q=0", {}}));

TEST(AcceptableCodings, OnlyWhatIsAvailable) {
  EXPECT_EQ(acceptable_codings("br, zstd, gzip", kGzipOnly), std::vector<Coding>{gzip});
  EXPECT_EQ(acceptable_codings("br, zstd", kGzipOnly), std::vector<Coding>{});
  EXPECT_EQ(acceptable_codings("*", kBrGzip), (std::vector<Coding>{br, gzip}));
  EXPECT_EQ(acceptable_codings("gzip, br;q=0.1", kBrGzip), (std::vector<Coding>{gzip, br}));
  EXPECT_EQ(acceptable_codings("br, gzip", std::span<const Coding>{}), std::vector<Coding>{});
  // identity in the list and duplicates do not produce entries of their own.
  constexpr std::array<Coding, 4> kMessy{identity, gzip, gzip, br};
  EXPECT_EQ(acceptable_codings("*", kMessy), (std::vector<Coding>{br, gzip}));
}

TEST(CodingNames, TokensAndSuffixes) {
  EXPECT_EQ(coding_token(br), "br");
  EXPECT_EQ(coding_token(zstd), "zstd");
  EXPECT_EQ(coding_token(gzip), "gzip");
  EXPECT_EQ(coding_token(identity), "identity");
  EXPECT_EQ(coding_suffix(br), ".br");
  EXPECT_EQ(coding_suffix(zstd), ".zst");
  EXPECT_EQ(coding_suffix(gzip), ".gz");
  EXPECT_EQ(coding_suffix(identity), "");
}

}  // namespace
}  // namespace portico::http
