#include "http/range.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.hpp"

namespace portico::http {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

struct RangeCase {
  std::string_view header;
  std::uint64_t size;
  std::uint64_t max_ranges;
  RangeKind kind;
  std::vector<ByteRange> ranges;
};

void PrintTo(const RangeCase& c, std::ostream* os) {
  *os << '"' << c.header << "\" size " << c.size << " max " << c.max_ranges;
}

class ParseRangeTest : public ::testing::TestWithParam<RangeCase> {};

TEST_P(ParseRangeTest, Vector) {
  const RangeCase& c = GetParam();
  const RangeSet set = parse_range(c.header, c.size, c.max_ranges);
  EXPECT_EQ(set.kind, c.kind);
  EXPECT_EQ(set.ranges, c.ranges);
}

constexpr auto kNone = RangeKind::none;
constexpr auto kOk = RangeKind::satisfiable;
constexpr auto k416 = RangeKind::unsatisfiable;
constexpr auto kTooMany = RangeKind::too_many;

INSTANTIATE_TEST_SUITE_P(
    Forms, ParseRangeTest,
    ::testing::Values(RangeCase{"bytes=0-99", 1000, 8, kOk, {{0, 99}}},
                      RangeCase{"bytes=500-", 1000, 8, kOk, {{500, 999}}},
                      RangeCase{"bytes=-100", 1000, 8, kOk, {{900, 999}}},
                      RangeCase{"bytes=999-999", 1000, 8, kOk, {{999, 999}}},
                      RangeCase{"bytes=0-0", 1, 8, kOk, {{0, 0}}},
                      RangeCase{"bytes=-1", 1, 8, kOk, {{0, 0}}},
                      // The unit is case-insensitive.
                      RangeCase{"BYTES=0-1", 1000, 8, kOk, {{0, 1}}},
                      RangeCase{"Bytes=0-1", 1000, 8, kOk, {{0, 1}}},
                      // OWS around the header, after '=' and around commas.
                      RangeCase{" bytes=0-1 ", 1000, 8, kOk, {{0, 1}}},
                      RangeCase{"bytes= 0-1", 1000, 8, kOk, {{0, 1}}},
                      RangeCase{"bytes=0-1 ,\t10-11", 1000, 8, kOk, {{0, 1}, {10, 11}}},
                      // Empty list elements are tolerated.
                      RangeCase{"bytes=0-1,,10-11", 1000, 8, kOk, {{0, 1}, {10, 11}}},
                      RangeCase{"bytes=,0-1,", 1000, 8, kOk, {{0, 1}}},
                      RangeCase{"bytes=0-1, ,10-11", 1000, 8, kOk, {{0, 1}, {10, 11}}}));

INSTANTIATE_TEST_SUITE_P(
    Clamping, ParseRangeTest,
    ::testing::Values(RangeCase{"bytes=0-2000", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=-1000", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=-5000", 1000, 8, kOk, {{0, 999}}},
                      // A last-pos past 2^64-1 only means "to the end".
                      RangeCase{"bytes=0-18446744073709551615", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=0-99999999999999999999999", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=5-18446744073709551616", 1000, 8, kOk, {{5, 999}}},
                      // A suffix longer than the file is the whole file, without wrapping.
                      RangeCase{"bytes=-626,-9223372036854775184", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=-18446744073709551615", 1000, 8, kOk, {{0, 999}}},
                      RangeCase{"bytes=-99999999999999999999999", 1000, 8, kOk, {{0, 999}}},
                      // The largest file: last + 1 must not wrap while coalescing.
                      RangeCase{"bytes=0-", kMax, 8, kOk, {{0, kMax - 1}}},
                      RangeCase{"bytes=-1", kMax, 8, kOk, {{kMax - 1, kMax - 1}}},
                      RangeCase{"bytes=0-,-1", kMax, 8, kOk, {{0, kMax - 1}}}));

INSTANTIATE_TEST_SUITE_P(
    Coalescing, ParseRangeTest,
    ::testing::Values(
        RangeCase{"bytes=0-499,100-599", 1000, 8, kOk, {{0, 599}}},
        RangeCase{"bytes=0-99,100-199", 1000, 8, kOk, {{0, 199}}},  // adjacent
        RangeCase{"bytes=0-1,,2-3", 1000, 8, kOk, {{0, 3}}},
        RangeCase{"bytes=500-599,0-99", 10000, 8, kOk, {{0, 99}, {500, 599}}},
        RangeCase{"bytes=0-0,0-0,0-0,0-0", 1000, 8, kOk, {{0, 0}}},
        RangeCase{"bytes=100-199,0-999", 1000, 8, kOk, {{0, 999}}},
        RangeCase{"bytes=-100,0-", 1000, 8, kOk, {{0, 999}}},
        RangeCase{"bytes=0-0,-1", 1, 8, kOk, {{0, 0}}},
        RangeCase{"bytes=300-399,0-9,200-209", 10000, 8, kOk, {{0, 9}, {200, 209}, {300, 399}}}));

INSTANTIATE_TEST_SUITE_P(
    Unsatisfiable, ParseRangeTest,
    ::testing::Values(RangeCase{"bytes=1000-", 1000, 8, k416, {}},
                      RangeCase{"bytes=1000-2000", 1000, 8, k416, {}},
                      RangeCase{"bytes=-0", 1000, 8, k416, {}},
                      RangeCase{"bytes=-0,1000-", 1000, 8, k416, {}},
                      RangeCase{"bytes=18446744073709551615-", 1000, 8, k416, {}},
                      // An unsatisfiable spec is dropped when another one is satisfiable.
                      RangeCase{"bytes=1000-,0-1", 1000, 8, kOk, {{0, 1}}},
                      RangeCase{"bytes=-0,-1", 1000, 8, kOk, {{999, 999}}},
                      // An empty file satisfies no range, not even a suffix.
                      RangeCase{"bytes=0-", 0, 8, k416, {}}, RangeCase{"bytes=0-0", 0, 8, k416, {}},
                      RangeCase{"bytes=-1", 0, 8, k416, {}},
                      RangeCase{"bytes=-0", 0, 8, k416, {}}));

INSTANTIATE_TEST_SUITE_P(
    Invalid, ParseRangeTest,
    ::testing::Values(
        RangeCase{"", 1000, 8, kNone, {}}, RangeCase{"bytes", 1000, 8, kNone, {}},
        RangeCase{"bytes=", 1000, 8, kNone, {}}, RangeCase{"bytes=,", 1000, 8, kNone, {}},
        RangeCase{"bytes= , ", 1000, 8, kNone, {}}, RangeCase{"items=0-1", 1000, 8, kNone, {}},
        RangeCase{"bytes 0-1", 1000, 8, kNone, {}}, RangeCase{"bytes =0-1", 1000, 8, kNone, {}},
        RangeCase{"bytesx=0-1", 1000, 8, kNone, {}}, RangeCase{"=0-1", 1000, 8, kNone, {}},
        RangeCase{"bytes=1-0", 1000, 8, kNone, {}},
        RangeCase{"bytes=0-1,5-1", 1000, 8, kNone, {}},  // one bad spec spoils all
        RangeCase{"bytes=2000-1000", 1000, 8, kNone, {}},
        RangeCase{"bytes=0 - 1", 1000, 8, kNone, {}}, RangeCase{"bytes=0- 1", 1000, 8, kNone, {}},
        RangeCase{"bytes=abc", 1000, 8, kNone, {}}, RangeCase{"bytes=-", 1000, 8, kNone, {}},
        RangeCase{"bytes=1", 1000, 8, kNone, {}}, RangeCase{"bytes=1-2-3", 1000, 8, kNone, {}},
        RangeCase{"bytes=-1-2", 1000, 8, kNone, {}}, RangeCase{"bytes=+1-2", 1000, 8, kNone, {}},
        RangeCase{"bytes=0x10-20", 1000, 8, kNone, {}}, RangeCase{"bytes=1e3-", 1000, 8, kNone, {}},
        RangeCase{"bytes=0-1;0-2", 1000, 8, kNone, {}}, RangeCase{"bytes=--1", 1000, 8, kNone, {}},
        // A first-pos past 2^64-1 is garbage, not "past the end".
        RangeCase{"bytes=18446744073709551616-", 1000, 8, kNone, {}},
        RangeCase{"bytes=99999999999999999999-99999999999999999999999", 1000, 8, kNone, {}}));

INSTANTIATE_TEST_SUITE_P(
    Caps, ParseRangeTest,
    ::testing::Values(RangeCase{"bytes=0-0,2-2,4-4", 100000, 3, kOk, {{0, 0}, {2, 2}, {4, 4}}},
                      RangeCase{"bytes=0-0,2-2,4-4", 100000, 2, kTooMany, {}},
                      // Counted before coalescing, unsatisfiable specs included.
                      RangeCase{"bytes=0-0,0-0,0-0", 100000, 2, kTooMany, {}},
                      RangeCase{"bytes=2000-,3000-,0-1", 1000, 2, kTooMany, {}},
                      // Empty elements do not count.
                      RangeCase{"bytes=0-0,,,,2-2", 100000, 2, kOk, {{0, 0}, {2, 2}}},
                      RangeCase{"bytes=0-0", 1000, 0, kTooMany, {}},
                      // Two tiny parts of a small file: the multipart body outweighs the file.
                      RangeCase{"bytes=0-0,2-2", 100, 8, kTooMany, {}},
                      // A single part has no multipart overhead, however small the file.
                      RangeCase{"bytes=0-0", 1, 8, kOk, {{0, 0}}},
                      RangeCase{"bytes=0-0,1-1", 2, 8, kOk, {{0, 1}}}));

// Two one-byte parts of a three-digit-sized file: 2 bytes of content, two heads of
// "\r\n--" + 20 + "\r\nContent-Range: bytes " + "0-0/NNN" + "\r\n\r\n" = 58 bytes each,
// and a 28-byte tail: 146 in all.
TEST(ParseRangeOverhead, RefusesExactlyWhenTheBodyWouldOutweighTheFile) {
  const std::uint64_t expected = 2 + multipart_head_size({0, 0}, 146, 0, kMinBoundaryLength) +
                                 multipart_head_size({2, 2}, 146, 0, kMinBoundaryLength) +
                                 multipart_tail_size(kMinBoundaryLength);
  ASSERT_EQ(expected, 146U);
  const RangeSet fits = parse_range("bytes=0-0,2-2", 146, 8);
  EXPECT_EQ(fits.kind, RangeKind::satisfiable);
  EXPECT_EQ(fits.ranges, (std::vector<ByteRange>{{0, 0}, {2, 2}}));
  EXPECT_EQ(parse_range("bytes=0-0,2-2", 145, 8).kind, RangeKind::too_many);
}

TEST(ParseRangeOverhead, ManySmallPartsOfALargeFileAreServed) {
  std::string header = "bytes=";
  for (int i = 0; i < 100; ++i) {
    if (i != 0) header += ',';
    header += std::to_string(i * 1000) + "-" + std::to_string(i * 1000 + 9);
  }
  const RangeSet set = parse_range(header, 1000000, 100);
  EXPECT_EQ(set.kind, RangeKind::satisfiable);
  ASSERT_EQ(set.ranges.size(), 100U);
  EXPECT_EQ(set.ranges.back(), (ByteRange{99000, 99009}));
  EXPECT_EQ(parse_range(header, 1000000, 99).kind, RangeKind::too_many);
  EXPECT_EQ(parse_range(header, 2000, 100).kind, RangeKind::satisfiable);  // mostly past the end
}

TEST(ByteRange, LengthIsInclusive) {
  EXPECT_EQ((ByteRange{0, 0}).length(), 1U);
  EXPECT_EQ((ByteRange{10, 19}).length(), 10U);
  EXPECT_EQ((ByteRange{0, kMax - 1}).length(), kMax);
}

TEST(ContentRange, Formats) {
  EXPECT_EQ(content_range({0, 99}, 1234), "bytes 0-99/1234");
  EXPECT_EQ(content_range({0, 0}, 1), "bytes 0-0/1");
  EXPECT_EQ(content_range({kMax - 1, kMax - 1}, kMax),
            "bytes 18446744073709551614-18446744073709551614/18446744073709551615");
  EXPECT_EQ(unsatisfied_range(1234), "bytes */1234");
  EXPECT_EQ(unsatisfied_range(0), "bytes */0");
  EXPECT_EQ(unsatisfied_range(kMax), "bytes */18446744073709551615");
}

}  // namespace
}  // namespace portico::http
