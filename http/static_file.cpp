#include "http/static_file.hpp"

#include <cstdio>

#include "http/file_response.hpp"
#include "http/http_date.hpp"
#include "http/listing.hpp"
#include "http/response_head.hpp"
#include "http/status.hpp"
#include "http/target_path.hpp"
#include "http/token.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kAllow = "GET, HEAD, OPTIONS";

int status_for(OpenError error) {
  switch (error) {
    case OpenError::not_found:
      return 404;
    case OpenError::forbidden:
      return 403;
    case OpenError::too_many_files:
      return 503;
    default:
      return 500;
  }
}

// Serves `error_pages[status]` (a page beneath the root) with the original status, or the
// built-in page when none is configured or it cannot be opened.
ResponsePlan error_page(const Request& request, const SiteRules& rules, Docroot& root,
                        const Now& now, int status, std::string_view detail) {
  const bool head_only = request.method == Method::head;
  const auto configured = rules.error_pages.find(status);
  if (configured != rules.error_pages.end()) {
    Opened page = root.open(configured->second);
    if (page.error == OpenError::none && page.stat.kind == FileStat::Kind::regular) {
      ResponsePlan plan;
      plan.status = status;
      plan.keep_alive = request.keep_alive && !closes_connection(status);
      ResponseHead head(status, now.date);
      if (status == 405) head.field("Allow", kAllow);
      head.field("Content-Type", rules.mime.lookup(configured->second))
          .field("Content-Length", page.stat.size);
      plan.head = head.finish(request.version_minor, plan.keep_alive);
      if (!head_only) {
        plan.file = std::move(page.file);
        plan.file_length = page.stat.size;
      }
      return plan;
    }
  }
  return plan_error(status, detail, request.version_minor, request.keep_alive, head_only, now.date);
}

ResponsePlan listing(const Request& request, const SiteRules& rules, Docroot& root, const Now& now,
                     std::string_view path, std::string_view query) {
  Listing dir = root.list(path);
  if (dir.error != OpenError::none)
    return error_page(request, rules, root, now, status_for(dir.error),
                      "The directory cannot be listed.");
  if (rules.dotfiles == config::Dotfiles::deny)
    std::erase_if(dir.entries, [](const DirEntry& e) { return e.name.starts_with('.'); });
  const std::optional<std::string_view> format = query_value(query, "format");
  const bool json = rules.autoindex == config::Autoindex::json || (format && *format == "json") ||
                    request.header("accept").find("application/json") != std::string_view::npos;
  std::string body =
      json ? listing_json(std::move(dir.entries)) : listing_html(path, std::move(dir.entries));
  ResponsePlan plan;
  plan.keep_alive = request.keep_alive;
  ResponseHead head(200, now.date);
  head.field("Content-Type", json ? "application/json" : "text/html; charset=utf-8")
      .field("Content-Length", body.size())
      .field("Cache-Control", "no-cache")
      .field("Vary", "Accept");
  plan.head = head.finish(request.version_minor, plan.keep_alive);
  if (request.method != Method::head) plan.body = std::move(body);
  return plan;
}

ResponsePlan redirect_to_directory(const Request& request, const Now& now, const TargetPath& t) {
  std::string location = encode_path(t.path) + "/";
  if (!t.query.empty()) location += "?" + t.query;
  std::string body = error_page_html(301, "The document has moved.");
  ResponsePlan plan;
  plan.status = 301;
  plan.keep_alive = request.keep_alive;
  plan.head = ResponseHead(301, now.date)
                  .field("Location", location)
                  .field("Content-Type", "text/html; charset=utf-8")
                  .field("Content-Length", body.size())
                  .finish(request.version_minor, plan.keep_alive);
  if (request.method != Method::head) plan.body = std::move(body);
  return plan;
}

}  // namespace

bool closes_connection(int status) {
  return status == 400 || status == 408 || status == 413 || status == 414 || status == 417 ||
         status == 431 || status == 501 || status == 505 || status == 500 || status == 503;
}

SiteRules site_rules(const config::Config& config) {
  SiteRules rules;
  rules.index = config.index;
  rules.dotfiles = config.dotfiles;
  rules.mime = MimeTypes(config.mime);
  rules.autoindex = config.autoindex;
  for (const config::CacheRule& r : config.cache_control)
    rules.cache_control.push_back({r.pattern, r.value});
  rules.immutable_fingerprints = config.immutable_fingerprints;
  rules.fingerprint_patterns = config.fingerprint_patterns;
  rules.error_pages = config.error_pages;
  rules.max_ranges = config.limits.max_ranges;
  return rules;
}

std::string make_etag(const FileStat& stat, std::string_view coding) {
  char buf[64];
  const auto mtime_ns =
      static_cast<unsigned long long>(stat.mtime_sec) * 1000000000ULL + stat.mtime_nsec;
  std::snprintf(buf, sizeof buf, "\"%llx-%llx%s%.*s\"", mtime_ns,
                static_cast<unsigned long long>(stat.size), coding.empty() ? "" : "-",
                static_cast<int>(coding.size()), coding.data());
  return buf;
}

std::string encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    const bool plain =
        is_alnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos;
    if (plain) {
      out.push_back(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

ResponsePlan plan_error(int status, std::string_view detail, int version_minor, bool keep_alive,
                        bool head_only, std::string_view date) {
  ResponsePlan plan;
  plan.status = status;
  plan.keep_alive = keep_alive && !closes_connection(status);
  std::string body = error_page_html(status, detail);
  ResponseHead head(status, date);
  if (status == 405) head.field("Allow", kAllow);
  head.field("Content-Type", "text/html; charset=utf-8").field("Content-Length", body.size());
  plan.head = head.finish(version_minor, plan.keep_alive);
  if (!head_only) plan.body = std::move(body);
  return plan;
}

ResponsePlan plan_static(const Request& request, const SiteRules& rules, FileCache& files,
                         const Now& now, std::string head_storage) {
  Docroot& root = files.root();
  const auto error = [&](int status, std::string_view detail) {
    return error_page(request, rules, root, now, status, detail);
  };

  if (request.method == Method::options) {
    if (request.target != "*" && normalize_target(request.target).status != 0)
      return error(400, "The request target is not valid.");
    ResponsePlan plan;
    plan.status = 204;
    plan.keep_alive = request.keep_alive;
    // RFC 9110 §15.3.5: a 204 carries no Content-Length.
    plan.head = ResponseHead(204, now.date)
                    .field("Allow", kAllow)
                    .finish(request.version_minor, plan.keep_alive);
    return plan;
  }
  if (request.method == Method::refused)
    return error(405, "This server only serves files: GET, HEAD and OPTIONS are allowed.");

  const TargetPath target = normalize_target(request.target);
  if (target.status != 0) return error(target.status, "The request target is not valid.");
  if (rules.dotfiles == config::Dotfiles::deny && is_hidden_path(target.path))
    return error(404, "The requested file was not found.");

  if (target.path.back() == '/') {
    for (const std::string& index : rules.index) {
      const std::string candidate = target.path + index;
      FileCache::Found found = files.find(candidate, now.monotonic_ms);
      if (found.entry != nullptr)
        return plan_file(request, rules, *found.entry, candidate, target.query, now,
                         std::move(head_storage));
      const OpenError e = found.other.error;
      if (e == OpenError::not_found || e == OpenError::none) continue;  // absent, or no file
      return error(status_for(e), "The index file cannot be served.");
    }
    Opened dir = root.open(target.path);
    if (dir.error != OpenError::none)
      return error(status_for(dir.error), "The requested directory was not found.");
    if (dir.stat.kind != FileStat::Kind::directory)
      return error(404, "The requested file was not found.");
    if (rules.autoindex == config::Autoindex::off)
      return error(403, "This directory has no index file and listings are off.");
    return listing(request, rules, root, now, target.path, target.query);
  }

  FileCache::Found found = files.find(target.path, now.monotonic_ms);
  if (found.entry != nullptr)
    return plan_file(request, rules, *found.entry, target.path, target.query, now,
                     std::move(head_storage));
  const Opened& opened = found.other;  // not a regular file: what it is instead
  if (opened.error != OpenError::none)
    return error(status_for(opened.error), opened.error == OpenError::not_found
                                               ? "The requested file was not found."
                                               : "The requested file cannot be served.");
  if (opened.stat.kind == FileStat::Kind::directory)
    return redirect_to_directory(request, now, target);
  return error(403, "Only regular files are served.");
}

}  // namespace portico::http
