#include "http/range.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <limits>
#include <optional>

#include "http/multipart.hpp"
#include "http/request.hpp"
#include "http/token.hpp"

namespace portico::http {
namespace {

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

struct Number {
  std::uint64_t value = 0;  // kMaxU64 when `overflow`
  bool overflow = false;
};

// 1*DIGIT. A value past 2^64-1 is reported rather than wrapped: whether that is an error depends
// on the position (a huge last-pos only means "to the end").
std::optional<Number> parse_digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Number n;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (n.overflow) continue;  // keep checking that the rest are digits
    if (n.value > (kMaxU64 - digit) / 10) {
      n = Number{kMaxU64, true};
    } else {
      n.value = n.value * 10 + digit;
    }
  }
  return n;
}

enum class SpecKind : std::uint8_t { invalid, unsatisfiable, satisfiable };

struct Spec {
  SpecKind kind = SpecKind::invalid;
  ByteRange range;
};

// One range-spec, already trimmed and non-empty:
//
//   int-range    = first-pos "-" [ last-pos ]
//   suffix-range = "-" suffix-length
Spec parse_spec(std::string_view text, std::uint64_t size) {
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view first_text = text.substr(0, dash);
  const std::string_view last_text = text.substr(dash + 1);

  if (first_text.empty()) {
    const auto suffix = parse_digits(last_text);
    if (!suffix) return {};
    // A suffix past 2^64-1 saturates, which like any suffix longer than the file means "all of
    // it"; computing size - suffix only after taking the minimum keeps this from wrapping.
    if (suffix->value == 0 || size == 0) return {SpecKind::unsatisfiable, {}};
    const std::uint64_t length = std::min(suffix->value, size);
    return {SpecKind::satisfiable, {size - length, size - 1}};
  }

  const auto first = parse_digits(first_text);
  // A first-pos that does not fit is treated as garbage rather than as "past the end": no file
  // is that large, and a client sending it is not asking for anything meaningful.
  if (!first || first->overflow) return {};
  std::uint64_t last = kMaxU64;
  if (!last_text.empty()) {
    const auto parsed = parse_digits(last_text);
    if (!parsed) return {};
    last = parsed->value;  // saturated on overflow, so it simply clamps below
  }
  if (first->value > last) return {};  // RFC 9110 §14.1.1: the whole field is invalid
  if (first->value >= size) return {SpecKind::unsatisfiable, {}};
  return {SpecKind::satisfiable, {first->value, std::min(last, size - 1)}};
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > kMaxU64 - b ? kMaxU64 : a + b;
}

// Whether a multipart body for `ranges` would carry more bytes than the whole file. Uses the
// smallest heads plan_multipart can write, so a refusal here is never wrong.
bool multipart_outweighs_file(const std::vector<ByteRange>& ranges, std::uint64_t size) {
  std::uint64_t total = multipart_tail_size(kMinBoundaryLength);
  for (const ByteRange& range : ranges) {
    total = saturating_add(total, range.length());
    total = saturating_add(total, multipart_head_size(range, size, 0, kMinBoundaryLength));
    if (total > size) return true;
  }
  return false;
}

void append_number(std::string& out, std::uint64_t value) {
  char buf[24];  // 2^64-1 has 20 digits
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}

}  // namespace

RangeSet parse_range(std::string_view header, std::uint64_t size, std::uint64_t max_ranges) {
  // ranges-specifier = range-unit "=" range-set; the unit is case-insensitive (§14.1).
  header = trim_ows(header);
  const std::size_t equals = header.find('=');
  if (equals == std::string_view::npos || !iequals(header.substr(0, equals), "bytes")) return {};

  // range-set = 1#range-spec. Elements are split on ',' and trimmed of OWS; empty elements
  // ("bytes=0-1,,2-3", a trailing ',') are skipped as the list rule (§5.6.1) asks.
  std::vector<ByteRange> ranges;
  std::uint64_t count = 0;
  std::string_view rest = header.substr(equals + 1);
  for (;;) {
    const std::size_t comma = rest.find(',');
    const std::string_view element = trim_ows(rest.substr(0, comma));
    if (!element.empty()) {
      // Stop as soon as the cap is passed: the rest of a hostile list is not worth reading.
      if (++count > max_ranges) return {RangeKind::too_many, {}};
      const Spec spec = parse_spec(element, size);
      if (spec.kind == SpecKind::invalid) return {};
      if (spec.kind == SpecKind::satisfiable) ranges.push_back(spec.range);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (count == 0) return {};  // "bytes=" or "bytes=,": no range-spec at all
  if (ranges.empty()) return {RangeKind::unsatisfiable, {}};

  // Sorting then merging makes overlapping requests ("0-0,0-0,0-0,...") cost one part, and
  // §14.6 allows coalescing regardless of the order the client asked in.
  std::sort(ranges.begin(), ranges.end(), [](const ByteRange& a, const ByteRange& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  });
  std::vector<ByteRange> merged;
  merged.reserve(ranges.size());
  for (const ByteRange& range : ranges) {
    // last <= size - 1 < 2^64 - 1, so last + 1 cannot wrap.
    if (!merged.empty() && range.first <= merged.back().last + 1) {
      merged.back().last = std::max(merged.back().last, range.last);
    } else {
      merged.push_back(range);
    }
  }
  // Coalesced spans are disjoint within the file, so their total never exceeds it; only the
  // multipart framing can make a response bigger than the file it was cut from.
  if (merged.size() > 1 && multipart_outweighs_file(merged, size)) {
    return {RangeKind::too_many, {}};
  }
  return {RangeKind::satisfiable, std::move(merged)};
}

std::string content_range(const ByteRange& range, std::uint64_t size) {
  std::string text = "bytes ";
  append_number(text, range.first);
  text += '-';
  append_number(text, range.last);
  text += '/';
  append_number(text, size);
  return text;
}

std::string unsatisfied_range(std::uint64_t size) {
  std::string text = "bytes */";
  append_number(text, size);
  return text;
}

}  // namespace portico::http
