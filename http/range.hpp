#pragma once
// Byte ranges (RFC 9110 §14): the Range field of a GET turned into the spans of the file to
// send, and the Content-Range values that describe them.
//
//   Range: bytes=0-99, 200-, -50        first-last | first- (to the end) | -suffix (last N bytes)
//   Content-Range: bytes 0-99/1234      a 206, or each part of a multipart/byteranges body
//   Content-Range: bytes */1234         a 416
//
// Whether the Range applies at all (method GET, If-Range) is the caller's decision.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::http {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive, so a range is never empty
  std::uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

enum class RangeKind : std::uint8_t {
  none,           // absent, another unit, or syntactically invalid: serve 200 as if no Range
  satisfiable,    // serve 206 with `ranges`
  unsatisfiable,  // no range overlaps the file (or the file is empty): 416
  too_many,       // over the cap, or a multipart body would outweigh the file: serve 200 whole
};

struct RangeSet {
  RangeKind kind = RangeKind::none;
  // Only for `satisfiable`: sorted, clamped to the file, and coalesced (overlapping and adjacent
  // spans merged), so each byte is sent at most once and one entry means a single-part 206.
  std::vector<ByteRange> ranges;
};

// `max_ranges` caps the range-specs counted before coalescing (0 turns ranges off: any Range is
// too_many). A multipart set is also refused (too_many) when its body would be larger than the
// file, judged with the smallest part heads plan_multipart can produce (no Content-Type line,
// a boundary of kMinBoundaryLength); a caller with a long Content-Type or boundary can compare
// plan_multipart(...).content_length with the size for the exact answer.
RangeSet parse_range(std::string_view header, std::uint64_t size, std::uint64_t max_ranges);

// "bytes 0-99/1234"
std::string content_range(const ByteRange& range, std::uint64_t size);

// "bytes */1234", for a 416.
std::string unsatisfied_range(std::uint64_t size);

}  // namespace portico::http
