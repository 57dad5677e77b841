#include "http/preconditions.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string_view>

namespace portico::http {
namespace {

// 2025-06-01T00:00:00Z.
constexpr std::int64_t kNow = 1748736000;
// The file: Last-Modified Sun, 06 Nov 1994 08:49:37 GMT, ETag "abc".
constexpr std::int64_t kModified = 784111777;
constexpr Validators kFile{"\"abc\"", kModified};

constexpr std::string_view kAt = "Sun, 06 Nov 1994 08:49:37 GMT";
constexpr std::string_view kBefore = "Sun, 06 Nov 1994 08:49:36 GMT";
constexpr std::string_view kAfter = "Sun, 06 Nov 1994 08:49:38 GMT";
constexpr std::string_view kAtRfc850 = "Sunday, 06-Nov-94 08:49:37 GMT";
constexpr std::string_view kBeforeRfc850 = "Sunday, 06-Nov-94 08:49:36 GMT";
constexpr std::string_view kAtAsctime = "Sun Nov  6 08:49:37 1994";
constexpr std::string_view kFuture = "Fri, 31 Dec 9999 23:59:59 GMT";

constexpr auto kProceed = Precondition::proceed;
constexpr auto k304 = Precondition::not_modified;
constexpr auto k412 = Precondition::failed;

struct PreconditionCase {
  bool get_or_head;
  std::string_view if_match;
  std::string_view if_unmodified_since;
  std::string_view if_none_match;
  std::string_view if_modified_since;
  Precondition expected;
};

void PrintTo(const PreconditionCase& c, std::ostream* os) {
  *os << (c.get_or_head ? "GET" : "other") << " IM[" << c.if_match << "] IUS["
      << c.if_unmodified_since << "] INM[" << c.if_none_match << "] IMS[" << c.if_modified_since
      << "]";
}

class EvaluatePreconditionsTest : public ::testing::TestWithParam<PreconditionCase> {};

TEST_P(EvaluatePreconditionsTest, Vector) {
  const PreconditionCase& c = GetParam();
  EXPECT_EQ(evaluate_preconditions(c.get_or_head, c.if_match, c.if_unmodified_since,
                                   c.if_none_match, c.if_modified_since, kFile, kNow),
            c.expected);
}

INSTANTIATE_TEST_SUITE_P(NoConditions, EvaluatePreconditionsTest,
                         ::testing::Values(PreconditionCase{true, "", "", "", "", kProceed},
                                           PreconditionCase{false, "", "", "", "", kProceed},
                                           PreconditionCase{true, " ", "\t", " ", " ", kProceed}));

INSTANTIATE_TEST_SUITE_P(
    IfMatch, EvaluatePreconditionsTest,
    ::testing::Values(PreconditionCase{true, "\"abc\"", "", "", "", kProceed},
                      PreconditionCase{true, " \"abc\" ", "", "", "", kProceed},
                      PreconditionCase{true, "\"xyz\"", "", "", "", k412},
                      PreconditionCase{false, "\"xyz\"", "", "", "", k412},
                      PreconditionCase{true, "*", "", "", "", kProceed},
                      PreconditionCase{true, "\"xyz\", \"abc\"", "", "", "", kProceed},
                      PreconditionCase{true, "\"xyz\",\t\"abc\"", "", "", "", kProceed},
                      PreconditionCase{true, "\"abc\",,\"xyz\",", "", "", "", kProceed},
                      PreconditionCase{true, "\"ABC\"", "", "", "", k412},  // case-sensitive
                      // Strong comparison: a weak tag never matches.
                      PreconditionCase{true, "W/\"abc\"", "", "", "", k412},
                      // Malformed lists fail, even when a good tag came first.
                      PreconditionCase{true, "\"abc", "", "", "", k412},
                      PreconditionCase{true, "abc", "", "", "", k412},
                      PreconditionCase{true, "\"xyz\" \"abc\"", "", "", "", k412},
                      PreconditionCase{true, "\"abc\", garbage", "", "", "", k412},
                      PreconditionCase{true, "\"abc\"x", "", "", "", k412},
                      PreconditionCase{true, "*, \"abc\"", "", "", "", k412},
                      PreconditionCase{true, "**", "", "", "", k412},
                      PreconditionCase{true, ",", "", "", "", k412},
                      PreconditionCase{true, "w/\"abc\"", "", "", "", k412},
                      // If-Unmodified-Since is not looked at when If-Match is present.
                      PreconditionCase{true, "\"abc\"", kBefore, "", "", kProceed},
                      PreconditionCase{true, "*", kBefore, "", "", kProceed}));

INSTANTIATE_TEST_SUITE_P(
    IfUnmodifiedSince, EvaluatePreconditionsTest,
    ::testing::Values(PreconditionCase{true, "", kAt, "", "", kProceed},
                      PreconditionCase{true, "", kAfter, "", "", kProceed},
                      PreconditionCase{true, "", kBefore, "", "", k412},
                      PreconditionCase{false, "", kBefore, "", "", k412},
                      PreconditionCase{true, "", kBeforeRfc850, "", "", k412},
                      PreconditionCase{true, "", kAtAsctime, "", "", kProceed},
                      PreconditionCase{true, "", kFuture, "", "", kProceed},
                      // Invalid dates are ignored.
                      PreconditionCase{true, "", "yesterday", "", "", kProceed},
                      PreconditionCase{true, "", "784111776", "", "", kProceed}));

INSTANTIATE_TEST_SUITE_P(
    IfNoneMatch, EvaluatePreconditionsTest,
    ::testing::Values(PreconditionCase{true, "", "", "\"abc\"", "", k304},
                      PreconditionCase{false, "", "", "\"abc\"", "", k412},
                      PreconditionCase{true, "", "", "W/\"abc\"", "", k304},  // weak comparison
                      PreconditionCase{true, "", "", "*", "", k304},
                      PreconditionCase{false, "", "", "*", "", k412},
                      PreconditionCase{true, "", "", "\"x\", W/\"abc\"", "", k304},
                      PreconditionCase{true, "", "", " \"x\" ,, \"abc\" ", "", k304},
                      PreconditionCase{true, "", "", "\"x\"", "", kProceed},
                      PreconditionCase{false, "", "", "\"x\"", "", kProceed},
                      // Malformed lists match nothing.
                      PreconditionCase{true, "", "", "\"abc", "", kProceed},
                      PreconditionCase{true, "", "", "abc", "", kProceed},
                      PreconditionCase{true, "", "", "w/\"abc\"", "", kProceed},
                      PreconditionCase{true, "", "", "\"abc\" \"x\"", "", kProceed},
                      PreconditionCase{true, "", "", "\"abc\", *", "", kProceed},
                      // Present (even malformed), it hides If-Modified-Since.
                      PreconditionCase{true, "", "", "\"x\"", kAt, kProceed},
                      PreconditionCase{true, "", "", "\"abc", kAt, kProceed}));

INSTANTIATE_TEST_SUITE_P(
    IfModifiedSince, EvaluatePreconditionsTest,
    ::testing::Values(PreconditionCase{true, "", "", "", kAt, k304},
                      PreconditionCase{true, "", "", "", kAfter, k304},  // an ordering
                      PreconditionCase{true, "", "", "", kBefore, kProceed},
                      PreconditionCase{true, "", "", "", kAtRfc850, k304},
                      PreconditionCase{true, "", "", "", kAtAsctime, k304},
                      PreconditionCase{true, "", "", "", " Sun, 06 Nov 1994 08:49:37 GMT ", k304},
                      // Later than the server's clock: ignored.
                      PreconditionCase{true, "", "", "", kFuture, kProceed},
                      // Invalid, or more than one member: ignored.
                      PreconditionCase{true, "", "", "", "garbage", kProceed},
                      PreconditionCase{true, "", "", "",
                                       "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 "
                                       "Nov 1994 08:49:37 GMT",
                                       kProceed},
                      // Only GET and HEAD.
                      PreconditionCase{false, "", "", "", kAt, kProceed}));

INSTANTIATE_TEST_SUITE_P(
    Order, EvaluatePreconditionsTest,
    ::testing::Values(PreconditionCase{true, "\"abc\"", "", "\"abc\"", "", k304},
                      PreconditionCase{true, "\"xyz\"", "", "\"abc\"", "", k412},
                      PreconditionCase{true, "\"xyz\"", "", "", kAt, k412},
                      PreconditionCase{true, "", kBefore, "", kAt, k412},
                      PreconditionCase{true, "", kAt, "", kAt, k304},
                      PreconditionCase{true, "", kAt, "\"x\"", kAt, kProceed},
                      PreconditionCase{false, "*", kBefore, "\"abc\"", kAt, k412}));

TEST(EvaluatePreconditions, IfModifiedSinceUpToNow) {
  const Validators file{"\"abc\"", kNow - 10};
  const std::string_view now = "Sun, 01 Jun 2025 00:00:00 GMT";
  const std::string_view one_later = "Sun, 01 Jun 2025 00:00:01 GMT";
  EXPECT_EQ(evaluate_preconditions(true, "", "", "", now, file, kNow), k304);
  EXPECT_EQ(evaluate_preconditions(true, "", "", "", one_later, file, kNow), kProceed);
}

TEST(EvaluatePreconditions, WithoutAnETagOnlyTheStarMatches) {
  const Validators file{"", kModified};
  EXPECT_EQ(evaluate_preconditions(true, "\"abc\"", "", "", "", file, kNow), k412);
  EXPECT_EQ(evaluate_preconditions(true, "*", "", "", "", file, kNow), kProceed);
  EXPECT_EQ(evaluate_preconditions(true, "", "", "\"abc\"", "", file, kNow), kProceed);
  EXPECT_EQ(evaluate_preconditions(true, "", "", "*", "", file, kNow), k304);
}

TEST(EvaluatePreconditions, OpaqueTagsMayHoldCommasAndObsText) {
  const Validators file{"\"a,b\"", kModified};
  EXPECT_EQ(evaluate_preconditions(true, "\"a,b\"", "", "", "", file, kNow), kProceed);
  EXPECT_EQ(evaluate_preconditions(true, "\"a\", \"b\"", "", "", "", file, kNow), k412);
  EXPECT_EQ(evaluate_preconditions(true, "", "", "\"x\",\"a,b\"", "", file, kNow), k304);
  EXPECT_EQ(evaluate_preconditions(true, "\"a, b\"", "", "", "", file, kNow), k412);  // SP
  const Validators utf8{"\"caf\xC3\xA9\"", kModified};
  EXPECT_EQ(evaluate_preconditions(true, "", "", "\"caf\xC3\xA9\"", "", utf8, kNow), k304);
  // Control characters and spaces are not etagc.
  const Validators spaced{"\"a b\"", kModified};
  EXPECT_EQ(evaluate_preconditions(true, "\"a b\"", "", "", "", spaced, kNow), k412);
  EXPECT_EQ(evaluate_preconditions(true, "", "", "\"a\x01\"", "", kFile, kNow), kProceed);
}

struct IfRangeCase {
  std::string_view if_range;
  bool allows;
};

void PrintTo(const IfRangeCase& c, std::ostream* os) {
  *os << '[' << c.if_range << ']';
}

class IfRangeAllowsTest : public ::testing::TestWithParam<IfRangeCase> {};

TEST_P(IfRangeAllowsTest, Vector) {
  EXPECT_EQ(if_range_allows(GetParam().if_range, kFile, kNow), GetParam().allows);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, IfRangeAllowsTest,
    ::testing::Values(IfRangeCase{"", true}, IfRangeCase{" ", true}, IfRangeCase{"\"abc\"", true},
                      IfRangeCase{" \"abc\" ", true}, IfRangeCase{"\"xyz\"", false},
                      IfRangeCase{"\"ABC\"", false},
                      IfRangeCase{"W/\"abc\"", false},         // weak: never
                      IfRangeCase{"\"abc\", \"xyz\"", false},  // not a list
                      IfRangeCase{"\"abc\",", false}, IfRangeCase{"\"abc", false},
                      IfRangeCase{"abc", false}, IfRangeCase{"*", false}, IfRangeCase{kAt, true},
                      IfRangeCase{kAtRfc850, true}, IfRangeCase{kAtAsctime, true},
                      IfRangeCase{kBefore, false},  // an exact match, not an ordering
                      IfRangeCase{kAfter, false}, IfRangeCase{"garbage", false}));

TEST(IfRangeAllows, DateNeedsAStrongLastModified) {
  const std::string_view now = "Sun, 01 Jun 2025 00:00:00 GMT";
  const std::string_view second_before = "Sat, 31 May 2025 23:59:59 GMT";
  // Modified in the current second: it could change again within it, so the date is weak.
  EXPECT_FALSE(if_range_allows(now, Validators{"\"abc\"", kNow}, kNow));
  EXPECT_TRUE(if_range_allows(second_before, Validators{"\"abc\"", kNow - 1}, kNow));
  // Later than Date, e.g. a clock step: not strong either.
  EXPECT_FALSE(if_range_allows(now, Validators{"\"abc\"", kNow}, kNow - 5));
}

TEST(IfRangeAllows, WeakOrMissingServerTagNeverMatches) {
  EXPECT_FALSE(if_range_allows("W/\"abc\"", Validators{"W/\"abc\"", kModified}, kNow));
  EXPECT_FALSE(if_range_allows("\"abc\"", Validators{"W/\"abc\"", kModified}, kNow));
  EXPECT_FALSE(if_range_allows("\"abc\"", Validators{"", kModified}, kNow));
  EXPECT_FALSE(if_range_allows("\"\"", Validators{"", kModified}, kNow));
  EXPECT_TRUE(if_range_allows("\"\"", Validators{"\"\"", kModified}, kNow));
}

}  // namespace
}  // namespace portico::http
