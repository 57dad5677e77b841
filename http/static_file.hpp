#pragma once
// Turns one parsed request into a response plan for a static file, as a sequence of pure steps
// (method → target → hidden names → open → directory/index → headers). The only I/O is
// through the Docroot; sending is the engine's business.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "http/docroot.hpp"
#include "http/mime_types.hpp"
#include "http/request.hpp"

namespace portico::http {

struct SiteRules {
  std::vector<std::string> index{"index.html"};
  config::Dotfiles dotfiles = config::Dotfiles::deny;
  MimeTypes mime;
};

struct ResponsePlan {
  int status = 200;
  bool keep_alive = true;
  std::string head;
  std::string body;           // an in-memory body (error pages, redirects)
  FileHandle file;            // or a range of this file
  std::uint64_t file_offset = 0;
  std::uint64_t file_length = 0;
  std::uint64_t body_length() const { return file ? file_length : body.size(); }
};

// `date` is the current IMF-fixdate (the engine caches it per second).
ResponsePlan plan_static(const Request& request, const SiteRules& rules, Docroot& root,
                         std::string_view date);

// An error page (or, for HEAD, its head alone). `keep_alive` is what the request allowed;
// statuses that leave the connection's framing in doubt close it regardless.
ResponsePlan plan_error(int status, std::string_view detail, int version_minor, bool keep_alive,
                        bool head_only, std::string_view date);

std::string make_etag(const FileStat& stat);

// Percent-encodes a decoded path for a Location header.
std::string encode_path(std::string_view path);

}  // namespace portico::http
