#include "http/file_response.hpp"

#include <random>

#include "http/accept_encoding.hpp"
#include "http/content_disposition.hpp"
#include "http/http_date.hpp"
#include "http/multipart.hpp"
#include "http/preconditions.hpp"
#include "http/range.hpp"
#include "http/response_head.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// The client's preferred variant among the usable siblings, or the file itself.
FileVariant& choose_variant(const Request& request, FileEntry& entry) {
  if (entry.siblings.empty()) return entry.identity;
  std::vector<Coding> available;
  for (const FileVariant& v : entry.siblings) available.push_back(v.coding);
  const std::vector<Coding> accepted =
      acceptable_codings(request.header("accept-encoding"), available);
  if (accepted.empty()) return entry.identity;
  for (FileVariant& v : entry.siblings)
    if (v.coding == accepted.front()) return v;
  return entry.identity;
}

std::string_view cache_control_for(const SiteRules& rules, std::string_view path) {
  if (const GlobRule* rule = first_matching_rule(rules.cache_control, path)) return rule->value;
  if (!rules.immutable_fingerprints) return {};
  const std::string_view name = path.substr(path.rfind('/') + 1);
  if (is_fingerprinted(name)) return kImmutable;
  for (const std::string& pattern : rules.fingerprint_patterns)
    if (glob_rule_matches(pattern, path)) return kImmutable;
  return {};
}

std::string boundary() {
  // Not derived from the file: whoever writes the files must not be able to predict it.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return make_boundary(generator());
}

}  // namespace

ResponsePlan plan_file(const Request& request, const SiteRules& rules, FileEntry& entry,
                       std::string_view path, std::string_view query, const Now& now,
                       std::string head_storage) {
  FileVariant& chosen = choose_variant(request, entry);
  const bool vary = !entry.siblings.empty();
  const FileStat& stat = chosen.stat;
  const std::string_view etag = chosen.etag;
  const std::string_view last_modified = chosen.last_modified;
  const bool head_only = request.method == Method::head;

  ResponsePlan plan;
  plan.keep_alive = request.keep_alive;
  plan.stale_sibling = entry.stale_sibling;

  // The fields every answer about this file repeats (RFC 9110 §15.4.5 for 304).
  const auto common = [&](ResponseHead& head) {
    head.field("ETag", etag).field("Last-Modified", last_modified);
    const std::string_view cache_control = cache_control_for(rules, path);
    if (!cache_control.empty()) head.field("Cache-Control", cache_control);
    if (vary) head.field("Vary", "Accept-Encoding");
  };

  const Validators validators{etag, stat.mtime_sec};
  const Precondition precondition =
      evaluate_preconditions(request.method == Method::get || head_only, request.header("if-match"),
                             request.header("if-unmodified-since"), request.header("if-none-match"),
                             request.header("if-modified-since"), validators, now.seconds);
  if (precondition == Precondition::failed)
    return plan_error(412, "A precondition in the request does not hold for this file.",
                      request.version_minor, request.keep_alive, head_only, now.date);
  if (precondition == Precondition::not_modified) {
    ResponseHead head(304, now.date, std::move(head_storage));
    common(head);
    plan.status = 304;
    plan.head = head.finish(request.version_minor, plan.keep_alive);
    return plan;
  }

  ResponseHead head(200, now.date, std::move(head_storage));
  RangeSet ranges;
  const std::string_view range_header = request.header("range");
  // Range applies to GET only; HEAD with Range answers as a plain HEAD (RFC 9110 §14.2).
  if (request.method == Method::get && !range_header.empty() &&
      if_range_allows(request.header("if-range"), validators, now.seconds))
    ranges = parse_range(range_header, stat.size, rules.max_ranges);

  if (ranges.kind == RangeKind::unsatisfiable) {
    ResponsePlan error = plan_error(416, "The requested range is not satisfiable.",
                                    request.version_minor, request.keep_alive, false, now.date);
    ResponseHead h416(416, now.date);
    h416.field("Content-Range", unsatisfied_range(stat.size)).field("Accept-Ranges", "bytes");
    h416.field("Content-Type", "text/html; charset=utf-8")
        .field("Content-Length", error.body.size());
    error.head = h416.finish(request.version_minor, error.keep_alive);
    return error;
  }

  std::uint64_t offset = 0, length = stat.size;
  const bool download = query_value(query, "download").has_value();
  if (ranges.kind != RangeKind::satisfiable && !download) {
    // The whole file: only Date and Connection differ from one answer to the next.
    if (chosen.ok_fields.empty()) {
      ResponseHead fields;
      fields.field("Content-Type", rules.mime.lookup(path)).field("Content-Length", stat.size);
      fields.field("Accept-Ranges", "bytes");
      if (chosen.coding != Coding::identity)
        fields.field("Content-Encoding", coding_token(chosen.coding));
      common(fields);
      chosen.ok_fields = fields.take();
    }
    plan.head = head.raw(chosen.ok_fields).finish(request.version_minor, plan.keep_alive);
    if (head_only) return plan;
    if (chosen.content) {
      plan.shared_body = chosen.content;  // a small file: one send with its head, no read
      return plan;
    }
    plan.file = chosen.file;
    plan.file_length = length;
    return plan;
  }

  const std::string_view content_type = rules.mime.lookup(path);
  MultipartPlan multipart;
  if (ranges.kind == RangeKind::satisfiable && ranges.ranges.size() > 1) {
    multipart = plan_multipart(ranges.ranges, stat.size, content_type, boundary());
    // A multipart body bigger than the file costs more than it saves: send the file.
    if (multipart.content_length > stat.size) ranges.kind = RangeKind::none;
  }
  if (ranges.kind == RangeKind::satisfiable) {
    plan.status = 206;
    head = ResponseHead(206, now.date, head.take());  // same storage, new status line
    if (ranges.ranges.size() == 1) {
      offset = ranges.ranges[0].first;
      length = ranges.ranges[0].length();
      head.field("Content-Type", content_type)
          .field("Content-Range", content_range(ranges.ranges[0], stat.size))
          .field("Content-Length", length);
    } else {
      head.field("Content-Type", multipart.content_type)
          .field("Content-Length", multipart.content_length);
    }
  } else {
    head.field("Content-Type", content_type).field("Content-Length", stat.size);
  }
  head.field("Accept-Ranges", "bytes");
  if (chosen.coding != Coding::identity)
    head.field("Content-Encoding", coding_token(chosen.coding));
  common(head);
  if (download)
    head.field("Content-Disposition", attachment_disposition(path.substr(path.rfind('/') + 1)));
  plan.head = head.finish(request.version_minor, plan.keep_alive);
  if (head_only) return plan;

  if (plan.status == 200 && chosen.content) {
    plan.shared_body = chosen.content;  // a small file: one send with its head, no read
    return plan;
  }
  plan.file = chosen.file;
  if (plan.status == 206 && ranges.ranges.size() > 1) {
    // The first part's header rides with the response head; the others follow their ranges.
    plan.head += multipart.parts[0].head;
    offset = multipart.parts[0].range.first;
    length = multipart.parts[0].range.length();
    for (std::size_t i = 1; i < multipart.parts.size(); ++i)
      plan.more.push_back({std::move(multipart.parts[i].head), multipart.parts[i].range.first,
                           multipart.parts[i].range.length()});
    plan.more.push_back({std::move(multipart.tail), 0, 0});
  }
  plan.file_offset = offset;
  plan.file_length = length;
  return plan;
}

}  // namespace portico::http
