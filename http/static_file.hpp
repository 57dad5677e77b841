#pragma once
// Turns one parsed request into a response plan for a static file, as a sequence of pure steps
// (method → target → hidden names → open → directory/index/listing → variant → preconditions
// → Range → headers). The only I/O is through the Docroot; sending is the engine's business.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "http/docroot.hpp"
#include "http/file_cache.hpp"
#include "http/fingerprint.hpp"
#include "http/mime_types.hpp"
#include "http/request.hpp"

namespace portico::http {

struct SiteRules {
  std::vector<std::string> index{"index.html"};
  config::Dotfiles dotfiles = config::Dotfiles::deny;
  MimeTypes mime;
  config::Autoindex autoindex = config::Autoindex::off;
  std::vector<GlobRule> cache_control;
  bool immutable_fingerprints = true;
  std::vector<std::string> fingerprint_patterns;
  std::map<int, std::string> error_pages;
  std::uint64_t max_ranges = 16;
};

SiteRules site_rules(const config::Config& config);

// The clock as the planner sees it: Unix seconds and the same instant as an IMF-fixdate.
struct Now {
  std::int64_t seconds = 0;
  std::string_view date;
  std::int64_t monotonic_ms = 0;  // for the open-file cache's revalidation
};

// A piece of the body after the first: a head (a multipart part header, or the closing
// boundary with an empty range) followed by a range of the same file.
struct BodySegment {
  std::string head;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct ResponsePlan {
  int status = 200;
  bool keep_alive = true;
  std::string head;
  std::string body;  // an in-memory body (error pages, redirects, listings)
  std::shared_ptr<const std::string> shared_body;  // or a small file's cached bytes
  FileHandle file;                                 // or a range of this file
  std::uint64_t file_offset = 0;
  std::uint64_t file_length = 0;
  std::vector<BodySegment> more;  // multipart/byteranges: the parts after the first
  std::string stale_sibling;      // a precompressed sibling ignored for being older
};

// `head_storage`: a string (the connection's last response head) whose capacity the new
// head may reuse, so that serving a file allocates nothing.
ResponsePlan plan_static(const Request& request, const SiteRules& rules, FileCache& files,
                         const Now& now, std::string head_storage = {});

// A built-in error page (or, for HEAD, its head alone). `keep_alive` is what the request
// allowed; statuses that leave the connection's framing in doubt close it regardless.
ResponsePlan plan_error(int status, std::string_view detail, int version_minor, bool keep_alive,
                        bool head_only, std::string_view date);

bool closes_connection(int status);

// A strong validator from the file's identity: mtime (ns) and size, plus the content coding
// of a precompressed variant so each variant has its own.
std::string make_etag(const FileStat& stat, std::string_view coding = {});

// Percent-encodes a decoded path for a Location header or a link.
std::string encode_path(std::string_view path);

// The value of key `name` in a raw query string ("a=1&download" has download = ""), or
// nothing when the key is absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view name);

}  // namespace portico::http
