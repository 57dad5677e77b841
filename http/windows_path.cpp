#include "http/windows_path.hpp"

#include <array>
#include <cstddef>
#include <string>

namespace portico::http {
namespace {

constexpr int kNotFound = 404;

template <typename Char>
Char ascii_upper(Char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<Char>(c - 'a' + 'A') : c;
}

bool equals_ignore_case(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_upper(text[i]) != upper[i]) return false;
  }
  return true;
}

bool is_forbidden_char(char c) {
  if (static_cast<unsigned char>(c) < 0x20) return true;  // control characters
  switch (c) {
    case '\\':
    case ':':
    case '<':
    case '>':
    case '"':
    case '|':
    case '?':
    case '*':
      return true;
    default:
      return false;
  }
}

// "COM" / "LPT" followed by one digit: 0-9 or a superscript 1, 2, 3 in UTF-8.
bool is_numbered_device(std::string_view base) {
  if (base.size() < 4) return false;
  const auto prefix = base.substr(0, 3);
  if (!equals_ignore_case(prefix, "COM") && !equals_ignore_case(prefix, "LPT")) return false;
  const auto digit = base.substr(3);
  if (digit.size() == 1) return digit[0] >= '0' && digit[0] <= '9';
  return digit == "\xC2\xB9" || digit == "\xC2\xB2" || digit == "\xC2\xB3";
}

// Windows looks at the part of a name before its first '.', without trailing spaces.
bool is_device_name(std::string_view segment) {
  static constexpr std::array<std::string_view, 6> plain{"CON", "PRN",    "AUX",
                                                         "NUL", "CONIN$", "CONOUT$"};
  auto base = segment.substr(0, segment.find('.'));
  while (base.ends_with(' ')) base.remove_suffix(1);
  for (const auto name : plain) {
    if (equals_ignore_case(base, name)) return true;
  }
  return is_numbered_device(base);
}

bool is_bad_segment(std::string_view segment) {
  if (segment.ends_with('.') || segment.ends_with(' ')) return true;
  return is_device_name(segment);
}

// A final path without "\\?\" ("\\?\C:\a" -> "C:\a", "\\?\UNC\s\x" -> "\\s\x"), '/' as '\',
// and no trailing separator.
std::wstring canonical(std::wstring_view path) {
  std::wstring out;
  if (path.starts_with(L"\\\\?\\UNC\\") || path.starts_with(L"//?/UNC/")) {
    out = L"\\\\";
    path.remove_prefix(8);
  } else if (path.starts_with(L"\\\\?\\") || path.starts_with(L"//?/")) {
    path.remove_prefix(4);
  }
  out.append(path);
  for (auto& c : out) {
    if (c == L'/') c = L'\\';
  }
  while (out.size() > 1 && out.back() == L'\\') out.pop_back();
  return out;
}

bool equal_ignore_ascii_case(std::wstring_view a, std::wstring_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  }
  return true;
}

}  // namespace

int windows_path_status(std::string_view normalised_path) {
  if (normalised_path.starts_with("//")) return kNotFound;
  for (const char c : normalised_path) {
    if (is_forbidden_char(c)) return kNotFound;
  }
  std::string_view rest = normalised_path;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    if (slash == std::string_view::npos) return is_bad_segment(segment) ? kNotFound : 0;
    if (segment.empty() || is_bad_segment(segment)) return kNotFound;
    rest.remove_prefix(slash + 1);  // a trailing '/' (a folder) leaves nothing to check
  }
  return 0;
}

bool final_path_matches(std::wstring_view root_final_path, std::wstring_view requested_relative,
                        std::wstring_view opened_final_path) {
  std::wstring expected = canonical(root_final_path);
  if (expected.empty()) return false;
  while (!requested_relative.empty() &&
         (requested_relative.front() == L'/' || requested_relative.front() == L'\\')) {
    requested_relative.remove_prefix(1);
  }
  if (!requested_relative.empty()) {
    if (expected.back() != L'\\') expected += L'\\';
    expected += requested_relative;
    expected = canonical(expected);
  }
  return equal_ignore_ascii_case(expected, canonical(opened_final_path));
}

}  // namespace portico::http
