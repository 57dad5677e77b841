#pragma once
// The lexical pieces of RFC 9110 §5.6 that every header parser here needs.

#include <array>
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

namespace token_detail {

// A 256-entry table for a byte class, so a per-request scan costs one load per byte.
constexpr std::array<bool, 256> byte_table(std::string_view extra) {
  std::array<bool, 256> table{};
  for (int i = 0; i < 256; ++i) {
    const auto c = static_cast<char>(i);
    table[static_cast<std::size_t>(i)] = is_alnum(c) || extra.find(c) != std::string_view::npos;
  }
  return table;
}

// RFC 3986 authority characters: unreserved, pct-encoded, sub-delims, ':' and the IP-literal
// brackets. '@' is left out on purpose: RFC 9110 §4.2.4 asks recipients to treat userinfo in an
// http(s) URI as an error, since it is a classic phishing vector.
inline constexpr std::array<bool, 256> kAuthority = byte_table("-._~%!$&'()*+,;=:[]");
// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" /
//         "~" / DIGIT / ALPHA
inline constexpr std::array<bool, 256> kTchar = byte_table("!#$%&'*+-.^_`|~");

}  // namespace token_detail

constexpr bool is_authority_char(char c) {
  return token_detail::kAuthority[static_cast<unsigned char>(c)];
}

constexpr bool is_tchar(char c) {
  return token_detail::kTchar[static_cast<unsigned char>(c)];
}

}  // namespace portico::http
