// HTTP dates: whatever parse_http_date accepts, format_http_date must write back as an
// IMF-fixdate that parses to the same instant; and every formatted instant must parse back.
//
// The whole input is the text parsed. When it is at least 8 bytes long, its first 8 bytes are
// also taken as a Unix time to format, and its last 8 as the "now" that decides the century of
// RFC 850 dates (kept within years 1970..2999, as a server clock would be).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_date.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::http::format_http_date;
using portico::http::parse_http_date;

constexpr std::int64_t kNow = 1700000000;        // 2023-11-14
constexpr std::int64_t kYear3000 = 32503680000;  // 3000-01-01
constexpr std::int64_t kFirst = -62167219200;    // 0000-01-01 00:00:00
constexpr std::int64_t kLast = 253402300799;     // 9999-12-31 23:59:59

std::int64_t read_int64(const std::uint8_t* bytes) {
  std::uint64_t value = 0;
  std::memcpy(&value, bytes, sizeof value);
  return static_cast<std::int64_t>(value);
}

void check_round_trip(std::string_view text, std::int64_t now) {
  const std::optional<std::int64_t> parsed = parse_http_date(text, now);
  if (!parsed) return;
  const std::string formatted = format_http_date(*parsed);
  FUZZ_CHECK(formatted.size() == 29);
  const std::optional<std::int64_t> again = parse_http_date(formatted, now);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  (void)parse_http_date(text);  // with the real clock: must not crash
  check_round_trip(text, kNow);

  if (size >= 8) {
    const std::uint64_t raw_now = static_cast<std::uint64_t>(read_int64(data + size - 8));
    check_round_trip(text,
                     static_cast<std::int64_t>(raw_now % static_cast<std::uint64_t>(kYear3000)));

    const std::int64_t instant = read_int64(data);
    const std::string formatted = format_http_date(instant);
    FUZZ_CHECK(formatted.size() == 29);
    const std::optional<std::int64_t> parsed = parse_http_date(formatted, kNow);
    FUZZ_CHECK(parsed.has_value());
    FUZZ_CHECK(*parsed == std::clamp(instant, kFirst, kLast));
  }
  return 0;
}
