#pragma once
// Conditional requests (RFC 9110 §13) against a file that exists: the four precondition fields
// evaluated in the order of §13.2.2, and If-Range (§13.1.5), which decides whether a Range is
// honoured at all.
//
//   If-Match: "a", W/"b"          strong comparison; "*" = any current representation
//   If-Unmodified-Since: <date>   only without If-Match
//   If-None-Match: W/"a", "b"     weak comparison; "*"
//   If-Modified-Since: <date>     only without If-None-Match, and only for GET/HEAD
//   If-Range: "a" | <date>        an exact strong validator, or the Range is ignored
//
// An empty field value counts as absent: the request head cannot tell the two apart.

#include <cstdint>
#include <string_view>

namespace portico::http {

struct Validators {
  std::string_view etag;       // strong and quoted, e.g. "\"abc\""; empty when there is none
  std::int64_t last_modified;  // Unix seconds
};

enum class Precondition : std::uint8_t {
  proceed,       // carry on (to Range handling and a 200/206)
  not_modified,  // 304
  failed,        // 412
};

// `now` is the server's clock (Unix seconds): an If-Modified-Since later than now is ignored,
// since a file cannot be unmodified since a time that has not happened; it also settles the
// century of two-digit RFC 850 years. Unparseable dates are ignored. A malformed entity-tag
// list fails If-Match and matches nothing in If-None-Match.
Precondition evaluate_preconditions(bool is_get_or_head, std::string_view if_match,
                                    std::string_view if_unmodified_since,
                                    std::string_view if_none_match,
                                    std::string_view if_modified_since,
                                    const Validators& validators, std::int64_t now);

// Whether a Range may be honoured given If-Range (true when the field is absent). An entity-tag
// must be strong and equal to ours; a date must equal Last-Modified exactly, and Last-Modified
// must be strong: at least a second older than `date_now` (the response's Date), since a file
// written twice within one second keeps its Last-Modified. Anything else (a weak tag, a list,
// garbage) is false, so the whole file is sent.
bool if_range_allows(std::string_view if_range, const Validators& validators,
                     std::int64_t date_now);

}  // namespace portico::http
