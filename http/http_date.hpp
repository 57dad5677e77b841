#pragma once
// HTTP dates (RFC 9110 §5.6.7) for Date, Last-Modified and the conditional request fields. Pure
// arithmetic on Unix seconds: no locale, no time zone, no libc time functions with shared state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::http {

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Times outside years 0000..9999 are clamped
// to that range, because the format has exactly four year digits.
std::string format_http_date(std::int64_t unix_seconds);

// Accepts IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
// ("Sun Nov  6 08:49:37 1994"); nullopt for anything else, including trailing bytes. Names are
// matched case-sensitively as the grammar requires; a weekday that does not match the date is
// tolerated, since it carries no information the date lacks.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// As above, with the current time given: it decides the century of an RFC 850 two-digit year,
// which is taken as the past century when it would otherwise lie more than 50 years ahead.
std::optional<std::int64_t> parse_http_date(std::string_view text, std::int64_t now_unix_seconds);

}  // namespace portico::http
