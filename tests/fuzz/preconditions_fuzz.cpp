// Conditional requests: evaluate_preconditions and if_range_allows on arbitrary field values,
// checked against the rules of RFC 9110 §13.2.2 that hold whatever the values are (which field
// is ignored when, what "*" and our own tag mean, when a Range may be honoured).
//
// Input layout:
//   byte 0    bit 0: GET/HEAD (else another method)
//             bits 1-2: Last-Modified: 784111777 (Sun, 06 Nov 1994 08:49:37 GMT), 0,
//                       1700000000, 253402300799 (the last formattable second)
//             bits 3-4: now = Last-Modified + 0, + 1, + 3600, - 3600
//   then up to six lines ('\n'): our ETag, If-Match, If-Unmodified-Since, If-None-Match,
//   If-Modified-Since, If-Range. Our ETag is used when it is a strong quoted tag; an empty line
//   means the file has none, and anything else is replaced by "abc" in quotes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_date.hpp"
#include "http/preconditions.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::http::evaluate_preconditions;
using portico::http::format_http_date;
using portico::http::if_range_allows;
using portico::http::parse_http_date;
using portico::http::Precondition;
using portico::http::Validators;

bool is_strong_tag(std::string_view tag) {
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return false;
  for (const char c : tag.substr(1, tag.size() - 2)) {
    const auto u = static_cast<unsigned char>(c);
    if (!(u == 0x21 || (u >= 0x23 && u != 0x7f))) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct Fields {
  std::string_view if_match, if_unmodified_since, if_none_match, if_modified_since;
};

Precondition evaluate(bool get, const Fields& f, const Validators& v, std::int64_t now) {
  const Precondition p = evaluate_preconditions(get, f.if_match, f.if_unmodified_since,
                                                f.if_none_match, f.if_modified_since, v, now);
  FUZZ_CHECK(p == Precondition::proceed || p == Precondition::not_modified ||
             p == Precondition::failed);
  // 304 is for GET and HEAD only; other methods get 412 where GET would get 304.
  if (!get) FUZZ_CHECK(p != Precondition::not_modified);
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  const bool get = (mode & 1) != 0;
  static constexpr std::array<std::int64_t, 4> kModified{784111777, 0, 1700000000, 253402300799};
  static constexpr std::array<std::int64_t, 4> kNowOffset{0, 1, 3600, -3600};
  const std::int64_t last_modified = kModified[(mode >> 1) & 3];
  const std::int64_t now = last_modified + kNowOffset[(mode >> 3) & 3];

  std::array<std::string_view, 6> lines{};
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (std::size_t i = 0; i < lines.size() && !rest.empty(); ++i) {
    const std::size_t newline = rest.find('\n');
    lines[i] = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  }
  const std::string_view etag = lines[0].empty()          ? std::string_view{}
                                : is_strong_tag(lines[0]) ? lines[0]
                                                          : "\"abc\"";
  const Validators v{etag, last_modified};
  const Fields f{lines[1], lines[2], lines[3], lines[4]};
  const std::string_view if_range = lines[5];

  const Precondition p = evaluate(get, f, v, now);

  // If-Match, when present, replaces If-Unmodified-Since; If-None-Match replaces
  // If-Modified-Since, which moreover applies to GET and HEAD only.
  if (!trim(f.if_match).empty()) {
    FUZZ_CHECK(evaluate(get, {f.if_match, {}, f.if_none_match, f.if_modified_since}, v, now) == p);
  }
  if (!trim(f.if_none_match).empty() || !get) {
    FUZZ_CHECK(evaluate(get, {f.if_match, f.if_unmodified_since, f.if_none_match, {}}, v, now) ==
               p);
  }
  // A field that says nothing changes nothing.
  FUZZ_CHECK(evaluate(get, {}, v, now) == Precondition::proceed);
  // Our own tag, or "*", satisfies If-Match for a file that exists.
  if (!etag.empty()) {
    FUZZ_CHECK(evaluate(get, {etag, {}, {}, {}}, v, now) == Precondition::proceed);
    // If-None-Match compares weakly: our tag, weak or not, means "you have it".
    const std::string weak = "W/" + std::string(etag);
    const Precondition expected = get ? Precondition::not_modified : Precondition::failed;
    FUZZ_CHECK(evaluate(get, {{}, {}, etag, {}}, v, now) == expected);
    FUZZ_CHECK(evaluate(get, {{}, {}, weak, {}}, v, now) == expected);
    // If-Match compares strongly: a weak tag never matches.
    FUZZ_CHECK(evaluate(get, {weak, {}, {}, {}}, v, now) == Precondition::failed);
  }
  FUZZ_CHECK(evaluate(get, {"*", {}, {}, {}}, v, now) == Precondition::proceed);
  FUZZ_CHECK(evaluate(get, {{}, {}, "*", {}}, v, now) ==
             (get ? Precondition::not_modified : Precondition::failed));

  // When the fields say "unchanged since Last-Modified" by date, a GET gets 304 (if the date
  // is not in the future). Only when the formatter can write that second.
  if (last_modified <= 253402300799) {
    const std::string date = format_http_date(last_modified);
    if (get && last_modified <= now) {
      FUZZ_CHECK(evaluate(get, {{}, {}, {}, date}, v, now) == Precondition::not_modified);
    }
    FUZZ_CHECK(evaluate(get, {{}, date, {}, {}}, v, now) == Precondition::proceed);
    // If-Range with our Last-Modified: only a strong one, a second older than Date.
    FUZZ_CHECK(if_range_allows(date, v, now) == (last_modified < now));
  }

  // If-Range: honoured only for nothing at all, exactly our strong tag, or exactly our date.
  const bool allows = if_range_allows(if_range, v, now);
  const std::string_view trimmed = trim(if_range);
  if (allows) {
    const bool by_tag = !etag.empty() && trimmed == etag;
    const std::optional<std::int64_t> date = parse_http_date(trimmed, now);
    const bool by_date = date && *date == last_modified && last_modified < now;
    FUZZ_CHECK(trimmed.empty() || by_tag || by_date);
  }
  FUZZ_CHECK(if_range_allows({}, v, now));
  if (!etag.empty()) {
    FUZZ_CHECK(if_range_allows(etag, v, now));
    FUZZ_CHECK(!if_range_allows("W/" + std::string(etag), v, now));
  }
  return 0;
}
