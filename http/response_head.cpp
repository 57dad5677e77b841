#include "http/response_head.hpp"

#include <charconv>

#include "http/status.hpp"

namespace portico::http {

ResponseHead::ResponseHead(int status, std::string_view date, std::string storage)
    : text_(std::move(storage)) {
  text_.clear();
  text_.reserve(320);
  text_.append("HTTP/1.1 ");
  text_.append(std::to_string(status));
  text_.push_back(' ');
  text_.append(reason_phrase(status));
  text_.append("\r\nDate: ");
  text_.append(date);
  text_.append("\r\nServer: portico\r\n");
}

ResponseHead& ResponseHead::field(std::string_view name, std::string_view value) {
  text_.append(name);
  text_.append(": ");
  text_.append(value);
  text_.append("\r\n");
  return *this;
}

ResponseHead& ResponseHead::field(std::string_view name, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  return field(name, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

std::string ResponseHead::finish(int version_minor, bool keep_alive) {
  // HTTP/1.1 keeps connections by default and HTTP/1.0 closes them, so say so only when the
  // choice differs from the version's default (ab -k needs the HTTP/1.0 keep-alive echo).
  if (!keep_alive)
    text_.append("Connection: close\r\n");
  else if (version_minor == 0)
    text_.append("Connection: keep-alive\r\n");
  text_.append("\r\n");
  return std::move(text_);
}

}  // namespace portico::http
