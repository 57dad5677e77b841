#include "http/mime_types.hpp"

#include <array>
#include <cstddef>

#include "http/token.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kDefaultType = "application/octet-stream";

struct Entry {
  std::string_view extension;  // lower case, without the dot
  std::string_view type;       // the complete Content-Type value
};

// Textual types carry an explicit charset so that browsers do not fall back to a locale-dependent
// guess (or sniff), which matters most for HTML and scripts. Where IANA and nginx's mime.types
// disagree the IANA registration wins (text/javascript per RFC 9239, application/xml per RFC
// 7303, application/yaml per RFC 9512), except image/x-icon, which every browser understands while
// the registered image/vnd.microsoft.icon is less widely recognised.
constexpr auto kTable = std::to_array<Entry>({
    // Documents and data
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"xhtml", "application/xhtml+xml; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},  // source maps are JSON
    {"webmanifest", "application/manifest+json; charset=utf-8"},
    {"xml", "application/xml; charset=utf-8"},
    {"rss", "application/rss+xml; charset=utf-8"},
    {"atom", "application/atom+xml; charset=utf-8"},
    {"yaml", "application/yaml; charset=utf-8"},
    {"yml", "application/yaml; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"markdown", "text/markdown; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"ics", "text/calendar; charset=utf-8"},
    {"vtt", "text/vtt; charset=utf-8"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
    // Images
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"apng", "image/apng"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"bmp", "image/bmp"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    // Fonts (RFC 8081)
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    // Archives
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tar", "application/x-tar"},
    // Audio and video
    {"mp4", "video/mp4"},
    {"m4v", "video/mp4"},
    {"webm", "video/webm"},
    {"ogv", "video/ogg"},
    {"mov", "video/quicktime"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},
    {"ogg", "audio/ogg"},  // RFC 5334: .ogg is Vorbis audio
    {"oga", "audio/ogg"},
    {"opus", "audio/ogg"},
    {"flac", "audio/flac"},
    {"wav", "audio/wav"},
});

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool equals_ignore_case(std::string_view lower, std::string_view text) {
  if (lower.size() != text.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != lower[i]) return false;
  }
  return true;
}

// An override like "text/x-foo" should behave like the built-in text types; one that already
// has parameters ("text/plain; charset=latin1") says exactly what the operator wants.
std::string with_default_charset(const std::string& type) {
  const bool is_text =
      type.size() > 5 && equals_ignore_case("text/", std::string_view(type).substr(0, 5));
  if (!is_text || type.find(';') != std::string::npos) return type;
  return type + "; charset=utf-8";
}

}  // namespace

MimeTypes::MimeTypes(const std::map<std::string, std::string>& overrides) {
  for (const auto& [key, type] : overrides) {
    std::string_view extension = key;
    if (!extension.empty() && extension.front() == '.') extension.remove_prefix(1);
    overrides_[to_lower(extension)] = with_default_charset(type);
  }
}

std::string_view MimeTypes::lookup(std::string_view path) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return kDefaultType;
  const std::string_view extension = name.substr(dot + 1);
  if (extension.empty()) return kDefaultType;

  if (!overrides_.empty()) {
    const auto it = overrides_.find(to_lower(extension));
    if (it != overrides_.end()) return it->second;
  }
  for (const Entry& entry : kTable) {
    if (equals_ignore_case(entry.extension, extension)) return entry.type;
  }
  return kDefaultType;
}

}  // namespace portico::http
