#include "config/quote.hpp"

namespace portico::config {

std::string escape(std::string_view text) {
  static constexpr std::string_view hex = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  return '"' + escape(text) + '"';
}

}  // namespace portico::config
