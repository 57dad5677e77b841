#include "http/target_path.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

#include "http/token.hpp"

namespace portico::http {
namespace {

constexpr int kBadRequest = 400;

TargetPath bad_request() {
  TargetPath result;
  result.status = kBadRequest;
  return result;
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// For absolute-form, returns what follows the authority: empty, or starting with '/' or '?'.
// The authority is only checked for shape, then dropped: a static server has one site, so the
// host named does not change which file is served.
std::optional<std::string_view> strip_scheme_and_authority(std::string_view target) {
  std::string_view rest;
  if (starts_with_ignore_case(target, "http://")) {
    rest = target.substr(7);
  } else if (starts_with_ignore_case(target, "https://")) {
    rest = target.substr(8);
  } else {
    return std::nullopt;
  }
  const std::size_t end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, end);
  if (authority.empty()) return std::nullopt;  // RFC 9110 §4.2.1: an empty host is invalid
  for (char c : authority) {
    if (!is_authority_char(c)) return std::nullopt;
  }
  return end == std::string_view::npos ? std::string_view{} : rest.substr(end);
}

// Decodes one segment (which contains no raw '/') onto the end of `out`. Anything that would let
// the decoded name mean something the raw segment did not is refused: a decoded '/' would create
// a segment boundary that the normalisation below never saw, and NUL or control bytes would
// truncate or corrupt file names and log lines.
bool append_decoded_segment(std::string_view raw, std::string& out) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    if (raw.size() - i < 3) return false;  // "%" or "%4" at the end
    const int high = hex_value(raw[i + 1]);
    const int low = hex_value(raw[i + 2]);
    if (high < 0 || low < 0) return false;
    const auto byte = static_cast<unsigned char>(high * 16 + low);
    if (byte == '/' || is_control(byte)) return false;
    out.push_back(static_cast<char>(byte));
    i += 2;
  }
  return true;
}

}  // namespace

TargetPath normalize_target(std::string_view target) {
  // A raw space or control byte cannot be part of a request-target, and neither can '#': clients
  // never send the fragment (RFC 9112 §3.2), so one that does is broken or probing.
  for (char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == ' ' || byte == '#' || is_control(byte)) return bad_request();
  }

  std::string_view rest;
  if (!target.empty() && target.front() == '/') {
    rest = target;
  } else {
    // "*" (asterisk-form) and relative references fall through to 400 here too.
    const auto after_authority = strip_scheme_and_authority(target);
    if (!after_authority) return bad_request();
    rest = *after_authority;
  }

  const std::size_t question = rest.find('?');
  std::string_view raw_path = rest.substr(0, question);
  TargetPath result;
  if (question != std::string_view::npos) result.query = std::string(rest.substr(question + 1));
  if (raw_path.empty()) raw_path = "/";  // "http://host" and "http://host?q" mean the root

  // Split on raw slashes only; since decoding refuses %2F, raw and decoded segments line up, and
  // dot segments are recognised after decoding so "%2e%2e" cannot sneak past as a plain name.
  // Each segment is decoded straight onto the path ("/" and then "/a/b", never a trailing
  // '/'), then taken back off when it turns out to be empty, "." or "..".
  std::string& path = result.path;
  path.reserve(raw_path.size());
  path.push_back('/');
  bool trailing_slash = false;
  std::size_t start = 1;  // raw_path[0] == '/'
  while (true) {
    const std::size_t slash = raw_path.find('/', start);
    const std::size_t before = path.size();
    if (before > 1) path.push_back('/');
    const std::size_t mark = path.size();
    if (!append_decoded_segment(raw_path.substr(start, slash - start), path)) return bad_request();
    const std::string_view segment = std::string_view(path).substr(mark);
    if (segment.empty() || segment == ".") {
      // Repeated slashes collapse; a final empty or "." segment still names a directory.
      path.resize(before);
      trailing_slash = true;
    } else if (segment == "..") {
      // Clamping at the root would silently serve a different file than the one asked for, and
      // such requests are almost always probes; refuse them instead.
      if (before == 1) return bad_request();
      path.resize(std::max<std::size_t>(path.rfind('/', before - 1), 1));
      trailing_slash = true;
    } else {
      trailing_slash = false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (trailing_slash && path.size() > 1) path.push_back('/');
  return result;
}

bool is_hidden_path(std::string_view normalised_path) {
  bool first = true;
  std::size_t start = 0;
  while (start <= normalised_path.size()) {
    const std::size_t slash = normalised_path.find('/', start);
    const std::string_view segment = normalised_path.substr(start, slash - start);
    if (!segment.empty()) {
      const bool well_known_root = first && segment == ".well-known";
      if (!well_known_root && segment.front() == '.') return true;
      first = false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

}  // namespace portico::http
