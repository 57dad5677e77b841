#pragma once
// One parsed request head. Views point into the RequestParser that produced it and stay valid
// until that parser is fed again or moved on to the next request.

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::http {

// What a static server does with a method: serve it, answer OPTIONS, or refuse with 405.
// Tokens llhttp does not know never reach a Request (the parser answers 501).
enum class Method : std::uint8_t { get, head, options, refused };

struct Request {
  Method method = Method::get;
  std::string_view method_name;
  std::string_view target;
  int version_minor = 1;  // HTTP/1.x; other versions are rejected with 505
  bool keep_alive = true;
  std::string_view host;  // empty only for HTTP/1.0 without Host
  std::vector<std::pair<std::string_view, std::string_view>> headers;

  // First field with this name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace portico::http
