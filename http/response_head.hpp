#pragma once
// Serialises a response head:
//
//   HTTP/1.1 200 OK\r\n
//   Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n
//   Server: portico\r\n
//   <fields>\r\n
//   \r\n

#include <cstdint>
#include <string>
#include <string_view>

namespace portico::http {

class ResponseHead {
 public:
  // `storage`: a string whose capacity the head may reuse (its contents are dropped), so a
  // connection's responses need no allocation.
  ResponseHead(int status, std::string_view date, std::string storage = {});
  // Fields only, no status line: a block built once, later added to heads with raw().
  ResponseHead() = default;
  ResponseHead& field(std::string_view name, std::string_view value);
  ResponseHead& field(std::string_view name, std::uint64_t value);
  // Appends fields already serialised ("Name: value\r\n" lines).
  ResponseHead& raw(std::string_view fields) {
    text_.append(fields);
    return *this;
  }
  // The text so far, moved out (for a block of fields).
  std::string take() { return std::move(text_); }
  // Adds the Connection field an HTTP/1.x client needs and the final blank line.
  std::string finish(int version_minor, bool keep_alive);  // moves the text out

 private:
  std::string text_;
};

}  // namespace portico::http
