#pragma once
// The lexical pieces of RFC 9110 §5.6 that every header parser here needs.

#include <string_view>

namespace portico::http {

// OWS = *( SP / HTAB )
constexpr bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

constexpr std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

// ASCII only, unlike <cctype>: no locale lookup on the per-request path.
constexpr bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// RFC 3986 authority characters: unreserved, pct-encoded, sub-delims, ':' and the IP-literal
// brackets. '@' is left out on purpose: RFC 9110 §4.2.4 asks recipients to treat userinfo in an
// http(s) URI as an error, since it is a classic phishing vector.
constexpr bool is_authority_char(char c) {
  return is_alnum(c) || std::string_view("-._~%!$&'()*+,;=:[]").find(c) != std::string_view::npos;
}

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" /
//         "~" / DIGIT / ALPHA
constexpr bool is_tchar(char c) {
  if (is_alnum(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace portico::http
