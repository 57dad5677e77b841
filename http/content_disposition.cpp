#include "http/content_disposition.hpp"

#include <cstddef>

#include "http/token.hpp"

namespace portico::http {
namespace {

// attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|"
//             / "~"   (RFC 8187 §3.2.1: token characters minus "*", "'" and "%")
bool is_attr_char(char c) {
  if (is_alnum(c)) return true;
  return std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

// The length of the well-formed UTF-8 sequence starting at `pos`, or 0 if there is none (a
// stray continuation byte, an overlong form, a surrogate, past U+10FFFF, or cut short).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = 0;
  unsigned char low = 0x80;  // the allowed range of the second byte
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;   // overlong
    if (lead == 0xed) high = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;   // overlong
    if (lead == 0xf4) high = 0x8f;  // past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto c = static_cast<unsigned char>(text[pos + i]);
    if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xbf)) return 0;
  }
  return length;
}

std::string ascii_fallback(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  std::size_t pos = 0;
  while (pos < name.size()) {
    const auto c = static_cast<unsigned char>(name[pos]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(name, pos);
      out.push_back('_');
      pos += length == 0 ? 1 : length;
      continue;
    }
    // Inside a quoted-string '"' and '\\' would need escaping that agents handle unevenly, and
    // control characters (CR, LF above all) are not allowed at all.
    const bool unsafe = c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '%';
    out.push_back(unsafe ? '_' : static_cast<char>(c));
    ++pos;
  }
  return out;
}

std::string percent_encode(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size() * 3);
  for (char c : name) {
    if (is_attr_char(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

}  // namespace

std::string attachment_disposition(std::string_view file_name) {
  std::string out = "attachment";
  if (file_name.empty()) return out;
  out += "; filename=\"";
  out += ascii_fallback(file_name);
  out += "\"; filename*=UTF-8''";
  out += percent_encode(file_name);
  return out;
}

}  // namespace portico::http
