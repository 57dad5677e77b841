#include "http/static_file.hpp"

#include <cstdio>

#include "http/http_date.hpp"
#include "http/response_head.hpp"
#include "http/status.hpp"
#include "http/target_path.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kAllow = "GET, HEAD, OPTIONS";

// After these the request stream cannot be trusted (or the client was told to go away).
bool closes_connection(int status) {
  return status == 400 || status == 408 || status == 413 || status == 414 || status == 417 ||
         status == 431 ||
         status == 501 || status == 505 || status >= 500;
}

ResponsePlan file_response(const Request& request, const SiteRules& rules, std::string_view path,
                           Opened opened, std::string_view date) {
  ResponsePlan plan;
  plan.status = 200;
  plan.keep_alive = request.keep_alive;
  plan.head = ResponseHead(200, date)
                  .field("Content-Type", rules.mime.lookup(path))
                  .field("Content-Length", opened.stat.size)
                  .field("Last-Modified", format_http_date(opened.stat.mtime_sec))
                  .field("ETag", make_etag(opened.stat))
                  .finish(request.version_minor, plan.keep_alive);
  if (request.method != Method::head) {
    plan.file = std::move(opened.file);
    plan.file_length = opened.stat.size;
  }
  return plan;
}

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

}  // namespace

std::string make_etag(const FileStat& stat) {
  char buf[64];
  const auto mtime_ns = static_cast<unsigned long long>(stat.mtime_sec) * 1000000000ULL +
                        stat.mtime_nsec;
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", mtime_ns,
                static_cast<unsigned long long>(stat.size));
  return buf;
}

std::string encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                       std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos;
    if (plain) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
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

ResponsePlan plan_static(const Request& request, const SiteRules& rules, Docroot& root,
                         std::string_view date) {
  const bool head_only = request.method == Method::head;
  const auto error = [&](int status, std::string_view detail) {
    return plan_error(status, detail, request.version_minor, request.keep_alive, head_only, date);
  };

  if (request.method == Method::options) {
    ResponsePlan plan;
    plan.status = 204;
    plan.keep_alive = request.keep_alive;
    // RFC 9110 §8.6: a 204 carries no Content-Length.
    plan.head = ResponseHead(204, date).field("Allow", kAllow).finish(request.version_minor,
                                                                      plan.keep_alive);
    if (request.target == "*") return plan;
    const TargetPath target = normalize_target(request.target);
    if (target.status != 0) return error(target.status, "The request target is not valid.");
    return plan;
  }
  if (request.method == Method::refused)
    return error(405, "This server only serves files: GET, HEAD and OPTIONS are allowed.");

  const TargetPath target = normalize_target(request.target);
  if (target.status != 0) return error(target.status, "The request target is not valid.");
  if (rules.dotfiles == config::Dotfiles::deny && is_hidden_path(target.path))
    return error(404, "The requested file was not found.");

  const bool wants_directory = target.path.back() == '/';
  if (wants_directory) {
    for (const std::string& index : rules.index) {
      const std::string candidate = target.path + index;
      Opened opened = root.open(candidate);
      if (opened.error == OpenError::not_found) continue;
      if (opened.error != OpenError::none)
        return error(status_for(opened.error), "The index file cannot be served.");
      if (opened.stat.kind != FileStat::Kind::regular) continue;
      return file_response(request, rules, candidate, std::move(opened), date);
    }
    Opened dir = root.open(target.path);
    if (dir.error != OpenError::none)
      return error(status_for(dir.error), "The requested directory was not found.");
    if (dir.stat.kind != FileStat::Kind::directory)
      return error(404, "The requested file was not found.");
    return error(403, "This directory has no index file and listings are off.");
  }

  Opened opened = root.open(target.path);
  if (opened.error != OpenError::none)
    return error(status_for(opened.error), opened.error == OpenError::not_found
                                               ? "The requested file was not found."
                                               : "The requested file cannot be served.");
  if (opened.stat.kind == FileStat::Kind::directory) {
    std::string location = encode_path(target.path) + "/";
    if (!target.query.empty()) location += "?" + target.query;
    ResponsePlan plan = error(301, "The document has moved to " + location);
    // Rebuild with the Location field; the error body above names the new place.
    std::string body = error_page_html(301, "The document has moved.");
    plan.head = ResponseHead(301, date)
                    .field("Location", location)
                    .field("Content-Type", "text/html; charset=utf-8")
                    .field("Content-Length", body.size())
                    .finish(request.version_minor, plan.keep_alive);
    plan.body = head_only ? std::string() : std::move(body);
    return plan;
  }
  if (opened.stat.kind != FileStat::Kind::regular)
    return error(403, "Only regular files are served.");
  return file_response(request, rules, target.path, std::move(opened), date);
}

}  // namespace portico::http
