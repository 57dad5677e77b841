#include "http/listing.hpp"

#include <algorithm>
#include <cstdio>

#include "http/html_escape.hpp"
#include "http/http_date.hpp"
#include "http/static_file.hpp"

namespace portico::http {
namespace {

void sort_entries(std::vector<DirEntry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) {
    const bool a_dir = a.stat.kind == FileStat::Kind::directory;
    const bool b_dir = b.stat.kind == FileStat::Kind::directory;
    if (a_dir != b_dir) return a_dir;
    return a.name < b.name;
  });
}

std::string human_size(std::uint64_t size) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(size);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0)
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(size));
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  return buf;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);  // UTF-8 passes through; JSON is UTF-8
    }
  }
  out.push_back('"');
}

constexpr std::string_view kStyle = R"(
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;
color:#1d1d1f;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8ea;background:#161618}a{color:#8ab4f8}}
h1{font-size:1.3rem;word-break:break-all}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #8884}
td.size,th.size{text-align:right;white-space:nowrap}td.date{white-space:nowrap}
)";

}  // namespace

std::string listing_html(std::string_view directory, std::vector<DirEntry> entries) {
  sort_entries(entries);
  const std::string title = "Index of " + html_escape(directory);
  std::string out;
  out.reserve(1024 + entries.size() * 160);
  out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  out.append(title)
      .append("</title>\n<style>")
      .append(kStyle)
      .append("</style>\n</head>\n<body>\n");
  out.append("<h1>").append(title).append("</h1>\n<table>\n");
  out.append("<tr><th>Name</th><th class=\"size\">Size</th><th>Modified</th></tr>\n");
  if (directory != "/") out.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
  for (const DirEntry& e : entries) {
    const bool dir = e.stat.kind == FileStat::Kind::directory;
    const std::string shown = html_escape(e.name) + (dir ? "/" : "");
    // "./" keeps a name such as "a:b" from being read as a URL scheme.
    out.append("<tr><td><a href=\"./").append(html_escape(encode_path(e.name)));
    out.append(dir ? "/" : "").append("\">").append(shown).append("</a></td><td class=\"size\">");
    out.append(dir ? "-" : human_size(e.stat.size)).append("</td><td class=\"date\">");
    out.append(format_http_date(e.stat.mtime_sec)).append("</td></tr>\n");
  }
  out.append("</table>\n</body>\n</html>\n");
  return out;
}

std::string listing_json(std::vector<DirEntry> entries) {
  sort_entries(entries);
  std::string out = "[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DirEntry& e = entries[i];
    const bool dir = e.stat.kind == FileStat::Kind::directory;
    if (i != 0) out.push_back(',');
    out.append("{\"name\":");
    append_json_string(out, e.name);
    out.append(dir ? ",\"type\":\"directory\"" : ",\"type\":\"file\"");
    if (!dir) out.append(",\"size\":").append(std::to_string(e.stat.size));
    out.append(",\"modified\":\"").append(format_http_date(e.stat.mtime_sec)).append("\"}");
  }
  out.append("]\n");
  return out;
}

}  // namespace portico::http
