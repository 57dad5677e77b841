#pragma once
// Turns a request-target into the one path the rest of the server is allowed to look at. Every
// check that protects the document root from traversal lives here, so that nothing downstream
// ever sees an undecoded, non-normalised or climbing path.

#include <string>
#include <string_view>

namespace portico::http {

struct TargetPath {
  int status = 0;     // 0 = ok, else the HTTP status to answer (400)
  std::string path;   // decoded, normalised, always starts with '/', may end with '/'
  std::string query;  // raw, without '?'
};

// Accepts origin-form ("/a/b?q") and absolute-form ("http://host:port/a?q", http or https).
// Percent-decodes the path exactly once, removes dot segments (RFC 3986 §5.2.4) and collapses
// repeated slashes. Answers 400 for anything it cannot map safely: a malformed escape, an encoded
// '/', NUL or control byte, a '#', or a ".." that would climb above the root.
TargetPath normalize_target(std::string_view target);

// True when any segment of a normalised path starts with '.', except the first segment
// ".well-known" itself (RFC 8615), so that ACME challenges and the like can be served while
// dotfiles under it stay hidden.
bool is_hidden_path(std::string_view normalised_path);

}  // namespace portico::http
