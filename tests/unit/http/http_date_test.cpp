#include "http/http_date.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

namespace portico::http {
namespace {

// 2025-06-01T00:00:00Z, fixed so that RFC 850 century decisions are reproducible.
constexpr std::int64_t kNow2025 = 1748736000;

struct DateCase {
  std::int64_t seconds;
  std::string_view text;
};

void PrintTo(const DateCase& c, std::ostream* os) {
  *os << c.seconds;
}

class HttpDateVectorTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(HttpDateVectorTest, FormatsAndParsesBack) {
  EXPECT_EQ(format_http_date(GetParam().seconds), GetParam().text);
  EXPECT_EQ(parse_http_date(GetParam().text, kNow2025), GetParam().seconds);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, HttpDateVectorTest,
    ::testing::Values(DateCase{0, "Thu, 01 Jan 1970 00:00:00 GMT"},
                      DateCase{784111777, "Sun, 06 Nov 1994 08:49:37 GMT"},
                      DateCase{-1, "Wed, 31 Dec 1969 23:59:59 GMT"},
                      DateCase{951825600, "Tue, 29 Feb 2000 12:00:00 GMT"},  // leap (÷400)
                      DateCase{1709251199, "Thu, 29 Feb 2024 23:59:59 GMT"},
                      DateCase{-11670998400, "Tue, 29 Feb 1600 00:00:00 GMT"},
                      DateCase{-2203891200, "Thu, 01 Mar 1900 00:00:00 GMT"},  // 1900 not leap
                      DateCase{4107542400, "Mon, 01 Mar 2100 00:00:00 GMT"},   // 2100 not leap
                      DateCase{2147483647, "Tue, 19 Jan 2038 03:14:07 GMT"},
                      DateCase{2147483648, "Tue, 19 Jan 2038 03:14:08 GMT"},
                      DateCase{4294967296, "Sun, 07 Feb 2106 06:28:16 GMT"},
                      DateCase{-62135596800, "Mon, 01 Jan 0001 00:00:00 GMT"},
                      DateCase{-62167219200, "Sat, 01 Jan 0000 00:00:00 GMT"},
                      DateCase{253402300799, "Fri, 31 Dec 9999 23:59:59 GMT"}));

TEST(FormatHttpDate, ClampsToFourDigitYears) {
  EXPECT_EQ(format_http_date(253402300800), "Fri, 31 Dec 9999 23:59:59 GMT");
  EXPECT_EQ(format_http_date(INT64_MAX), "Fri, 31 Dec 9999 23:59:59 GMT");
  EXPECT_EQ(format_http_date(-62167219201), "Sat, 01 Jan 0000 00:00:00 GMT");
  EXPECT_EQ(format_http_date(INT64_MIN), "Sat, 01 Jan 0000 00:00:00 GMT");
}

TEST(FormatHttpDate, RoundTripsEveryDayAcrossCenturies) {
  // One timestamp per day, 1899..2101, with a varying time of day.
  for (std::int64_t day = -25567; day <= 48213; ++day) {
    const std::int64_t seconds = day * 86400 + (day * 7919) % 86400;
    const auto parsed = parse_http_date(format_http_date(seconds), kNow2025);
    ASSERT_EQ(parsed, seconds) << format_http_date(seconds);
  }
}

TEST(ParseHttpDate, ObsoleteFormats) {
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow2025), 784111777);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994", kNow2025), 784111777);
  EXPECT_EQ(parse_http_date("Sun Nov 06 08:49:37 1994", kNow2025), 784111777);  // 2DIGIT day
  EXPECT_EQ(parse_http_date("Thu Jan  1 00:00:00 1970", kNow2025), 0);
  EXPECT_EQ(parse_http_date("Tue Feb 29 12:00:00 2000", kNow2025), 951825600);
  EXPECT_EQ(parse_http_date("Tuesday, 19-Jan-38 03:14:08 GMT", kNow2025), 2147483648);
}

TEST(ParseHttpDate, Rfc850TwoDigitYearFollowsTheFiftyYearRule) {
  // Now is 2025: up to 2075 is "not more than 50 years ahead"; beyond that is the past century.
  EXPECT_EQ(parse_http_date("Tuesday, 01-Jan-75 00:00:00 GMT", kNow2025), 3313526400);  // 2075
  EXPECT_EQ(parse_http_date("Thursday, 01-Jan-76 00:00:00 GMT", kNow2025), 189302400);  // 1976
  EXPECT_EQ(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT", kNow2025),
            parse_http_date("Tue, 01 Jan 2070 00:00:00 GMT", kNow2025));
  // In 2099 no year of this century is more than 50 years ahead, so the plain reading stands (the
  // rule only moves dates into the past, never into the next century).
  constexpr std::int64_t kNow2099 = 4083955200;
  EXPECT_EQ(parse_http_date("Saturday, 01-Jan-05 00:00:00 GMT", kNow2099),
            parse_http_date("Sat, 01 Jan 2005 00:00:00 GMT", kNow2099));
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow2099),
            parse_http_date("Sat, 06 Nov 2094 08:49:37 GMT", kNow2099));
}

TEST(ParseHttpDate, UsesTheClockWhenNowIsNotGiven) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
}

TEST(ParseHttpDate, LeapSecondAndWeekdayMismatchAreTolerated) {
  EXPECT_EQ(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", kNow2025),
            parse_http_date("Sun, 01 Jan 2017 00:00:00 GMT", kNow2025));
  EXPECT_EQ(parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT", kNow2025), 784111777);
}

class ParseHttpDateRejectsTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(ParseHttpDateRejectsTest, Malformed) {
  EXPECT_EQ(parse_http_date(GetParam(), kNow2025), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, ParseHttpDateRejectsTest,
    ::testing::Values("", "Sun", "Sun,", "garbage", "0", "784111777",
                      // Names: unknown, wrong case, wrong length for the format.
                      "Sux, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nox 1994 08:49:37 GMT",
                      "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
                      "SUN, 06 NOV 1994 08:49:37 GMT", "Sunday, 06 Nov 1994 08:49:37 GMT",
                      "Sun, 06-Nov-94 08:49:37 GMT", "Sundae, 06-Nov-94 08:49:37 GMT",
                      "Sun Nox  6 08:49:37 1994", "Sunday Nov  6 08:49:37 1994",
                      // Zone, spacing, trailing and leading bytes.
                      "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 gmt",
                      "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 GMT ",
                      "Sun, 06 Nov 1994 08:49:37 GMTx", " Sun, 06 Nov 1994 08:49:37 GMT",
                      "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov 01994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT",
                      "Sun, 06 Nov 1994 08-49-37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT\r\n",
                      "Sunday, 06-Nov-1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37",
                      "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov 6 08:49:37 1994",
                      "Sun Nov   6 08:49:37 1994", "Sun Nov  6 08:49:37 94",
                      "Sun Nov  6 08:49:37 1994 ",
                      // Out-of-range fields.
                      "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
                      "Sun, 32 Jan 1994 08:49:37 GMT", "Thu, 29 Feb 2001 00:00:00 GMT",
                      "Mon, 29 Feb 2100 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                      "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
                      "Sunday, 31-Apr-94 08:49:37 GMT", "Sun Feb 30 08:49:37 1994",
                      "Sun Nov  0 08:49:37 1994", "Sun, +6 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 19a4 08:49:37 GMT"));

TEST(ParseHttpDate, RejectsEmbeddedNul) {
  constexpr std::string_view kText("Sun, 06 Nov 1994 08:49:37 GMT\0", 30);
  EXPECT_EQ(parse_http_date(kText, kNow2025), std::nullopt);
}

}  // namespace
}  // namespace portico::http
