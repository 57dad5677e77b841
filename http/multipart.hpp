#pragma once
// multipart/byteranges bodies (RFC 9110 §14.6) for a 206 with more than one range. The plan
// holds every byte that is not file content, so the sender interleaves heads with file reads
// and knows Content-Length before the first byte goes out.
//
// A request for bytes 0-1 and 5-6 of a 10-byte text file, boundary B:
//
//   HTTP/1.1 206 Partial Content
//   Content-Type: multipart/byteranges; boundary=B      <- MultipartPlan::content_type
//   Content-Length: 141                                 <- MultipartPlan::content_length
//
//   CRLF                                                 .
//   --B CRLF                                             |
//   Content-Type: text/plain CRLF                        | parts[0].head
//   Content-Range: bytes 0-1/10 CRLF                     |
//   CRLF                                                 '
//   <file bytes 0..1>                                    parts[0].range
//   CRLF
//   --B CRLF
//   Content-Type: text/plain CRLF                        parts[1].head
//   Content-Range: bytes 5-6/10 CRLF
//   CRLF
//   <file bytes 5..6>                                    parts[1].range
//   CRLF
//   --B-- CRLF                                           tail
//
// The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), which is why every
// head starts with one; the first one is harmless preamble. Each head carries its own
// Content-Range, so a client can reassemble the parts without trusting the boundary alone.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/range.hpp"

namespace portico::http {

// The shortest boundary make_boundary produces; parse_range sizes multipart bodies with it.
inline constexpr std::size_t kMinBoundaryLength = 20;

struct MultipartPlan {
  std::string boundary;
  std::string content_type;  // "multipart/byteranges; boundary=..."
  struct Part {
    std::string head;  // "\r\n--B\r\nContent-Type: T\r\nContent-Range: bytes a-b/N\r\n\r\n"
    ByteRange range;
  };
  std::vector<Part> parts;
  std::string tail;                  // "\r\n--B--\r\n"
  std::uint64_t content_length = 0;  // heads + ranges + tail, exactly
};

// `content_type` is the file's media type; when empty, the parts carry no Content-Type line.
// `boundary` must be 1..70 boundary characters (RFC 2046); it is quoted in the Content-Type
// when it holds characters a token may not.
MultipartPlan plan_multipart(const std::vector<ByteRange>& ranges, std::uint64_t size,
                             std::string_view content_type, std::string_view boundary);

// A boundary of 24 hex digits; distinct seeds give distinct boundaries. File content that
// contains the delimiter would confuse a client that splits on the boundary, so the seed should
// not be guessable by whoever writes the files (mix in a per-process random value).
std::string make_boundary(std::uint64_t seed);

// The size of the head plan_multipart writes for `range`, from the lengths of the Content-Type
// and the boundary; parse_range uses it to bound multipart overhead without building strings.
std::uint64_t multipart_head_size(const ByteRange& range, std::uint64_t size,
                                  std::size_t content_type_size, std::size_t boundary_size);

// The size of the closing delimiter: "\r\n--" boundary "--\r\n".
std::uint64_t multipart_tail_size(std::size_t boundary_size);

}  // namespace portico::http
