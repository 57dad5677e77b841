#include "http/multipart.hpp"

#include <charconv>

#include "http/token.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kDelimiterStart = "\r\n--";
constexpr std::string_view kContentTypeField = "\r\nContent-Type: ";
constexpr std::string_view kContentRangeField = "\r\nContent-Range: bytes ";
constexpr std::string_view kHeadEnd = "\r\n\r\n";
constexpr std::string_view kTailEnd = "--\r\n";

std::size_t decimal_digits(std::uint64_t value) {
  std::size_t digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

void append_number(std::string& out, std::uint64_t value) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}

// RFC 9110 §5.6.2 tchar: a boundary made only of these may go into Content-Type unquoted.
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

// SplitMix64's finaliser: a bijection on 64-bit values, so distinct seeds stay distinct.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void append_hex(std::string& out, std::uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out.push_back(kHex[(value >> shift) & 0xf]);
  }
}

}  // namespace

std::uint64_t multipart_head_size(const ByteRange& range, std::uint64_t size,
                                  std::size_t content_type_size, std::size_t boundary_size) {
  std::uint64_t total = kDelimiterStart.size() + boundary_size;
  if (content_type_size != 0) total += kContentTypeField.size() + content_type_size;
  total += kContentRangeField.size() + decimal_digits(range.first) + 1 +
           decimal_digits(range.last) + 1 + decimal_digits(size);
  return total + kHeadEnd.size();
}

std::uint64_t multipart_tail_size(std::size_t boundary_size) {
  return kDelimiterStart.size() + boundary_size + kTailEnd.size();
}

MultipartPlan plan_multipart(const std::vector<ByteRange>& ranges, std::uint64_t size,
                             std::string_view content_type, std::string_view boundary) {
  MultipartPlan plan;
  plan.boundary = std::string(boundary);

  plan.content_type = "multipart/byteranges; boundary=";
  if (is_token(boundary)) {
    plan.content_type += boundary;
  } else {
    // RFC 2046 allows ' ( ) , / : = ? and space in a boundary; a parameter holding them must
    // be a quoted-string. None of them needs a backslash.
    plan.content_type += '"';
    plan.content_type += boundary;
    plan.content_type += '"';
  }

  plan.parts.reserve(ranges.size());
  std::uint64_t total = 0;
  for (const ByteRange& range : ranges) {
    MultipartPlan::Part part;
    part.range = range;
    std::string& head = part.head;
    head.reserve(multipart_head_size(range, size, content_type.size(), boundary.size()));
    head += kDelimiterStart;
    head += boundary;
    if (!content_type.empty()) {
      head += kContentTypeField;
      head += content_type;
    }
    head += kContentRangeField;
    append_number(head, range.first);
    head += '-';
    append_number(head, range.last);
    head += '/';
    append_number(head, size);
    head += kHeadEnd;
    total += head.size() + range.length();
    plan.parts.push_back(std::move(part));
  }

  plan.tail.reserve(multipart_tail_size(boundary.size()));
  plan.tail += kDelimiterStart;
  plan.tail += boundary;
  plan.tail += kTailEnd;
  plan.content_length = total + plan.tail.size();
  return plan;
}

std::string make_boundary(std::uint64_t seed) {
  // 16 digits of the bijection keep seeds apart; 8 more from a second round add length, so a
  // boundary is unlikely to turn up in a file by accident.
  const std::uint64_t first = mix(seed);
  std::string boundary;
  boundary.reserve(24);
  append_hex(boundary, first, 16);
  append_hex(boundary, mix(first), 8);
  return boundary;
}

}  // namespace portico::http
