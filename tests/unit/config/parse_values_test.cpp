#include "config/parse_values.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "config/media_type.hpp"
#include "config/quote.hpp"

namespace portico::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

TEST(ParseDuration, AcceptsEachUnit) {
  const struct {
    std::string_view text;
    Duration expected;
  } cases[] = {
      {"500ms", milliseconds(500)},
      {"10s", seconds(10)},
      {"2m", minutes(2)},
      {"1h", hours(1)},
      {"0s", Duration::zero()},
      {"007s", seconds(7)},
      {"9223372036854775807ms", Duration::max()},
      {"2562047788015h", hours(2562047788015)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_duration(c.text), std::optional<Duration>(c.expected)) << c.text;
  }
}

TEST(ParseDuration, RejectsEverythingElse) {
  for (const std::string_view text : {
           "",
           "10",
           "s",
           "ms",
           "10 s",
           " 10s",
           "10s ",
           "-1s",
           "+1s",
           "1.5s",
           "10S",
           "10MS",
           "10sec",
           "1d",
           "10ms5",
           "1m30s",
           "0x10s",
           "9223372036854775808ms",  // one past the largest Duration
           "2562047788016h",         // hours that overflow milliseconds
           "18446744073709551616s",  // does not even fit the digits' integer
       }) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ParseSize, AcceptsBytesAndBinaryUnits) {
  const struct {
    std::string_view text;
    std::uint64_t expected;
  } cases[] = {
      {"0", 0},
      {"512", 512},
      {"512B", 512},
      {"64KiB", 64 * 1024},
      {"1MiB", 1024 * 1024},
      {"1GiB", std::uint64_t{1} << 30},
      {"18446744073709551615", kMax},
      {"17179869183GiB", kMax - (std::uint64_t{1} << 30) + 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_size(c.text), std::optional<std::uint64_t>(c.expected)) << c.text;
  }
}

TEST(ParseSize, RejectsEverythingElse) {
  for (const std::string_view text : {
           "",
           "B",
           "KiB",
           "1KB",
           "1kb",
           "1MB",
           "1GB",
           "1kib",
           "1K",
           "1 KiB",
           " 1",
           "1 ",
           "1.5KiB",
           "-1",
           "+1",
           "1TiB",
           "0x10",
           "1KiBB",
           "18446744073709551616",  // 2^64
           "17179869184GiB",        // 2^64 again, by multiplication
       }) {
    EXPECT_EQ(parse_size(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ParseUnsigned, AcceptsOnlyPlainDigits) {
  EXPECT_EQ(parse_unsigned("0"), std::optional<std::uint64_t>(0));
  EXPECT_EQ(parse_unsigned("42"), std::optional<std::uint64_t>(42));
  EXPECT_EQ(parse_unsigned("007"), std::optional<std::uint64_t>(7));
  EXPECT_EQ(parse_unsigned("18446744073709551615"), std::optional<std::uint64_t>(kMax));
  for (const std::string_view text :
       {"", "-1", "+1", " 1", "1 ", "0x1", "1e3", "1.0", "18446744073709551616"}) {
    EXPECT_EQ(parse_unsigned(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ParseListen, AcceptsEachForm) {
  const struct {
    std::string_view text;
    ListenAddress expected;
  } cases[] = {
      {"127.0.0.1:8080", {"127.0.0.1", 8080}},
      {"0.0.0.0:80", {"0.0.0.0", 80}},
      {"1.2.3.4:65535", {"1.2.3.4", 65535}},
      {"10.0.0.1:0", {"10.0.0.1", 0}},
      {":8080", {"", 8080}},
      {":0", {"", 0}},
      {"localhost:80", {"127.0.0.1", 80}},
      {"[::1]:8080", {"::1", 8080}},
      {"[::]:443", {"::", 443}},
      {"[2001:db8::1]:443", {"2001:db8::1", 443}},
      {"[::ffff:1.2.3.4]:80", {"::ffff:1.2.3.4", 80}},
      {"1.2.3.4:00080", {"1.2.3.4", 80}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_listen(c.text), std::optional<ListenAddress>(c.expected)) << c.text;
  }
}

TEST(ParseListen, RejectsGarbageMissingPortsAndBadPorts) {
  for (const std::string_view text : {
           "",
           ":",
           "8080",
           "127.0.0.1",
           "127.0.0.1:",
           "127.0.0.1:65536",
           "127.0.0.1:99999",
           "127.0.0.1:-1",
           "127.0.0.1:+80",
           "127.0.0.1:80x",
           "127.0.0.1: 80",
           " 127.0.0.1:80",
           "127.0.0.1:000080",
           "example.com:80",
           "localhost",
           "LOCALHOST:80",
           "*:80",
           "256.0.0.1:80",
           "1.2.3:80",
           "1.2.3.4.5:80",
           "01.2.3.4:80",
           "::1:8080",
           "[::1]",
           "[::1]8080",
           "[::1]:",
           "[::1:8080",
           "[]:80",
           "[1.2.3.4]:80",
           "[fe80::1%eth0]:80",
           "[::1]:80:80",
           "[::g]:80",
       }) {
    EXPECT_EQ(parse_listen(text), std::nullopt) << '"' << text << '"';
  }
}

// The addresses are validated by hand (no socket header in config/), to inet_pton's rules.
TEST(ParseListen, AcceptsWhatInetPtonAccepts) {
  for (const std::string_view host : {
           "0.0.0.0",
           "255.255.255.255",
           "10.0.0.0",
           "192.168.100.200",
       }) {
    const std::string text = std::string(host) + ":80";
    EXPECT_EQ(parse_listen(text), std::optional<ListenAddress>({std::string(host), 80})) << text;
  }
  for (const std::string_view host : {
           "::",
           "::1",
           "1::",
           "1::2",
           "1:2:3:4:5:6:7:8",
           "1:2:3:4:5:6:7::",
           "::2:3:4:5:6:7:8",
           "1:2:3:4:5:6::8",
           "1::8",
           "fe80::1",
           "FE80::ABCD:ef01",
           "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
           "0000:0000:0000:0000:0000:0000:0000:0001",
           "2001:db8:0:0:1:0:0:1",
           "::1.2.3.4",
           "::ffff:255.255.255.255",
           "1:2:3:4:5:6:1.2.3.4",
           "1::5:6:1.2.3.4",
           "64:ff9b::192.0.2.33",
       }) {
    const std::string text = "[" + std::string(host) + "]:80";
    EXPECT_EQ(parse_listen(text), std::optional<ListenAddress>({std::string(host), 80})) << text;
  }
}

TEST(ParseListen, RejectsWhatInetPtonRejects) {
  for (const std::string_view host : {
           "1.2.3.4.",
           ".1.2.3.4",
           "1..2.3",
           "1.2.3.",
           "1.2.3.256",
           "1.2.3.1000",
           "1.2.3.00",
           "1.2.3.010",
           "0x1.2.3.4",
           "1.2.3.4a",
           "1.2.3.-4",
           "1.2.3. 4",
           "127.1",
           "2130706433",
       }) {
    const std::string text = std::string(host) + ":80";
    EXPECT_EQ(parse_listen(text), std::nullopt) << text;
  }
  for (const std::string_view host : {
           "",
           ":",
           ":::",
           ":1",
           "1:",
           "1:::2",
           "1::2::3",
           "::1::",
           "12345::1",
           "1:2:3:4:5:6:7",
           "1:2:3:4:5:6:7:8:9",
           "1:2:3:4:5:6:7:8::",
           "::1:2:3:4:5:6:7:8",
           "1:2:3:4::5:6:7:8",
           "1:2:3:4:5:6:7:8:",
           ":1:2:3:4:5:6:7:8",
           "1:2:3:4:5:6:7:1.2.3.4",
           "::1.2.3.4:5",
           "::1.2.3",
           "::1.2.3.04",
           "::256.1.1.1",
           "1.2.3.4::",
           "::ffff:1.2.3.4.5",
           "::g",
           "::1 ",
           " ::1",
           "fe80::1%1",
           "[::1]",
       }) {
    const std::string text = "[" + std::string(host) + "]:80";
    EXPECT_EQ(parse_listen(text), std::nullopt) << text;
  }
  // A NUL inside the host ends nothing: the whole text is looked at.
  EXPECT_EQ(parse_listen(std::string_view("1.2.3.4\0:80", 11)), std::nullopt);
  EXPECT_EQ(parse_listen(std::string_view("[::1\0]:80", 9)), std::nullopt);
}

TEST(IsMediaType, AcceptsTypesWithOptionalParameters) {
  for (const std::string_view text : {
           "text/html",
           "application/vnd.api+json",
           "image/svg+xml",
           "font/woff2",
           "text/plain; charset=utf-8",
           "text/plain;charset=utf-8",
           "text/plain; charset=\"utf-8\"; format=flowed",
           "a/b; q=\"x\\\"y\"",
       }) {
    EXPECT_TRUE(is_media_type(text)) << text;
  }
}

TEST(IsMediaType, RejectsMalformedAndHeaderBreakingText) {
  for (const std::string_view text : {
           "",
           "text",
           "text/",
           "/html",
           "text/html/x",
           "text /html",
           "text/ html",
           "-text/html",
           "text/html;",
           "text/html; charset",
           "text/html; charset=",
           "text/html ",
           "text/html\r\nX-Evil: 1",
           "text/html; a=\"unterminated",
           "t\xc3\xa9xt/html",
           "text/html; a=\"\x01\"",
           "text/html,text/plain",
       }) {
    EXPECT_FALSE(is_media_type(text)) << text;
  }
}

TEST(Quote, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(quote("10x"), "\"10x\"");
  EXPECT_EQ(quote(""), "\"\"");
  EXPECT_EQ(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quote(std::string_view("a\nb\x7f\0", 5)), "\"a\\x0ab\\x7f\\x00\"");
}

}  // namespace
}  // namespace portico::config
