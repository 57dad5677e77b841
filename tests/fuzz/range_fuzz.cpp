// parse_range: whatever it serves as a 206 must be sorted, disjoint, non-adjacent spans inside
// the file, no more of them than the cap, with a multipart body no larger than the file; and
// for small files the bytes covered must be exactly the union of what the client asked for.
//
// Input layout: an optional first line "<size> <max_ranges>\n" (decimal), then the Range field
// value. Without that line the file is 10000 bytes and the cap 16.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.hpp"
#include "http/range.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::http::ByteRange;
using portico::http::content_range;
using portico::http::kMinBoundaryLength;
using portico::http::multipart_head_size;
using portico::http::multipart_tail_size;
using portico::http::parse_range;
using portico::http::plan_multipart;
using portico::http::RangeKind;
using portico::http::RangeSet;
using portico::http::unsatisfied_range;

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The bytes each well-formed range-spec names, marked in `covered` (size <= 4096 only). Returns
// false when some element is not a plain spec this simple reading understands (then the check
// is skipped rather than guessed at).
bool reference_cover(std::string_view header, std::uint64_t size, std::vector<bool>& covered) {
  header = trim(header);
  if (header.size() < 6) return false;
  std::string unit(header.substr(0, 6));
  for (char& c : unit) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (unit != "bytes=") return false;
  std::string_view rest = header.substr(6);
  covered.assign(size, false);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view element = trim(rest.substr(0, comma));
    if (!element.empty()) {
      const std::size_t dash = element.find('-');
      if (dash == std::string_view::npos) return false;
      const std::string_view a = element.substr(0, dash), b = element.substr(dash + 1);
      if (a.size() > 18 || b.size() > 18) return false;  // keep clear of overflow questions
      std::uint64_t first = 0, last = 0;
      if (a.empty()) {
        const auto n = number(b);
        if (!n) return false;
        first = *n >= size ? 0 : size - *n;
        last = size == 0 ? 0 : size - 1;
        if (*n == 0) first = size;  // names nothing
      } else {
        const auto f = number(a);
        if (!f) return false;
        first = *f;
        if (b.empty()) {
          last = size == 0 ? 0 : size - 1;
        } else {
          const auto l = number(b);
          if (!l || *l < *f) return false;
          last = *l < size ? *l : size - 1;
        }
      }
      for (std::uint64_t i = first; i <= last && i < size; ++i) covered[i] = true;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return true;
}

void check_satisfiable(const RangeSet& set, std::uint64_t size, std::uint64_t max_ranges) {
  FUZZ_CHECK(!set.ranges.empty());
  FUZZ_CHECK(size > 0);
  FUZZ_CHECK(set.ranges.size() <= max_ranges);
  for (std::size_t i = 0; i < set.ranges.size(); ++i) {
    const ByteRange& r = set.ranges[i];
    FUZZ_CHECK(r.first <= r.last);
    FUZZ_CHECK(r.last < size);
    FUZZ_CHECK(r.length() >= 1 && r.length() <= size);
    // Sorted, and coalesced: neither overlapping nor touching the previous span.
    if (i > 0) FUZZ_CHECK(r.first > set.ranges[i - 1].last + 1);
    FUZZ_CHECK(content_range(r, size) == "bytes " + std::to_string(r.first) + "-" +
                                             std::to_string(r.last) + "/" + std::to_string(size));
  }
  if (set.ranges.size() == 1) return;

  // Not refused as too_many, so even the smallest multipart framing fits within the file.
  const std::string boundary(kMinBoundaryLength, 'b');
  const auto plan = plan_multipart(set.ranges, size, "", boundary);
  FUZZ_CHECK(plan.parts.size() == set.ranges.size());
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    FUZZ_CHECK(plan.parts[i].range == set.ranges[i]);
    FUZZ_CHECK(plan.parts[i].head.size() ==
               multipart_head_size(set.ranges[i], size, 0, boundary.size()));
    total += plan.parts[i].head.size() + set.ranges[i].length();
  }
  FUZZ_CHECK(plan.tail.size() == multipart_tail_size(boundary.size()));
  total += plan.tail.size();
  FUZZ_CHECK(plan.content_length == total);
  FUZZ_CHECK(plan.content_length <= size);

  // With a Content-Type line the sizes still add up.
  const auto typed =
      plan_multipart(set.ranges, size, "text/plain; charset=utf-8", "0123456789abcdef01234567");
  std::uint64_t typed_total = typed.tail.size();
  for (std::size_t i = 0; i < typed.parts.size(); ++i) {
    FUZZ_CHECK(typed.parts[i].head.size() == multipart_head_size(set.ranges[i], size, 25, 24));
    typed_total += typed.parts[i].head.size() + set.ranges[i].length();
  }
  FUZZ_CHECK(typed.content_length == typed_total);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::uint64_t file_size = 10000;
  std::uint64_t max_ranges = 16;
  if (const std::size_t newline = input.find('\n'); newline != std::string_view::npos) {
    const std::string_view line = input.substr(0, newline);
    const std::size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      const auto s = number(line.substr(0, space));
      const auto m = number(line.substr(space + 1));
      if (s && m) {
        file_size = *s;
        max_ranges = *m;
        input.remove_prefix(newline + 1);
      }
    }
  }

  const RangeSet set = parse_range(input, file_size, max_ranges);
  switch (set.kind) {
    case RangeKind::satisfiable:
      check_satisfiable(set, file_size, max_ranges);
      break;
    case RangeKind::none:
    case RangeKind::unsatisfiable:
    case RangeKind::too_many:
      FUZZ_CHECK(set.ranges.empty());
      break;
    default:
      FUZZ_CHECK(false && "RangeKind out of range");
  }
  if (max_ranges == 0) FUZZ_CHECK(set.kind != RangeKind::satisfiable);
  FUZZ_CHECK(unsatisfied_range(file_size) == "bytes */" + std::to_string(file_size));

  // For small files, compare the bytes served with the bytes asked for.
  if (set.kind == RangeKind::satisfiable && file_size <= 4096) {
    std::vector<bool> expected;
    if (reference_cover(input, file_size, expected)) {
      std::vector<bool> served(file_size, false);
      for (const ByteRange& r : set.ranges)
        for (std::uint64_t i = r.first; i <= r.last; ++i) served[i] = true;
      FUZZ_CHECK(served == expected);
    }
  }
  return 0;
}
