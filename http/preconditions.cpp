#include "http/preconditions.hpp"

#include <cstddef>
#include <optional>

#include "http/http_date.hpp"
#include "http/token.hpp"

namespace portico::http {
namespace {

// etagc = %x21 / %x23-7E / obs-text: anything visible but DQUOTE. Note that ',' is allowed, so
// a list cannot be split on commas before the tags are read.
bool is_etagc(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u != 0x7f);
}

struct EntityTag {
  bool weak = false;
  std::string_view opaque;  // with its quotes
};

struct TagRead {
  EntityTag tag;
  std::size_t end = 0;  // index just past the tag
};

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, read at `pos`. "W/" is case-sensitive (%s).
std::optional<TagRead> read_tag(std::string_view text, std::size_t pos) {
  EntityTag tag;
  if (text.substr(pos, 2) == "W/") {
    tag.weak = true;
    pos += 2;
  }
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  std::size_t close = pos + 1;
  while (close < text.size() && text[close] != '"') {
    if (!is_etagc(text[close])) return std::nullopt;
    ++close;
  }
  if (close >= text.size()) return std::nullopt;  // unterminated
  tag.opaque = text.substr(pos, close + 1 - pos);
  return TagRead{tag, close + 1};
}

// A field value that is exactly one entity-tag.
std::optional<EntityTag> parse_single_tag(std::string_view text) {
  const auto read = read_tag(text, 0);
  if (!read || read->end != text.size()) return std::nullopt;
  return read->tag;
}

bool strong_match(const EntityTag& a, const EntityTag& b) {
  return !a.weak && !b.weak && a.opaque == b.opaque;
}

bool weak_match(const EntityTag& a, const EntityTag& b) {
  return a.opaque == b.opaque;
}

enum class ListMatch : std::uint8_t { match, no_match, malformed };

// #entity-tag, or "*" alone. The whole list is read before answering, so a list that is
// malformed after a matching tag is still reported malformed:
//
//   W/"a" , "b",,"c"      OWS around commas, empty elements skipped
//   "a" "b"               malformed: tags must be separated by a comma
ListMatch match_tag_list(std::string_view list, const std::optional<EntityTag>& ours, bool strong) {
  list = trim_ows(list);
  if (list == "*") return ListMatch::match;  // the file exists: that is all "*" asks
  bool matched = false;
  bool any_tag = false;
  bool need_comma = false;
  std::size_t pos = 0;
  while (pos < list.size()) {
    const char c = list[pos];
    if (is_ows(c)) {
      ++pos;
    } else if (c == ',') {
      need_comma = false;
      ++pos;
    } else {
      if (need_comma) return ListMatch::malformed;
      const auto read = read_tag(list, pos);
      if (!read) return ListMatch::malformed;
      if (ours) matched |= strong ? strong_match(read->tag, *ours) : weak_match(read->tag, *ours);
      any_tag = true;
      need_comma = true;
      pos = read->end;
    }
  }
  // "If-Match: ," names no representation at all; treat it like any other unusable value.
  if (!any_tag) return ListMatch::malformed;
  return matched ? ListMatch::match : ListMatch::no_match;
}

std::optional<std::int64_t> parse_date(std::string_view text, std::int64_t now) {
  return parse_http_date(trim_ows(text), now);
}

}  // namespace

Precondition evaluate_preconditions(bool is_get_or_head, std::string_view if_match,
                                    std::string_view if_unmodified_since,
                                    std::string_view if_none_match,
                                    std::string_view if_modified_since,
                                    const Validators& validators, std::int64_t now) {
  const bool has_if_match = !trim_ows(if_match).empty();
  const bool has_if_none_match = !trim_ows(if_none_match).empty();
  // Our own tag is parsed only when there is a tag list to compare it with.
  const std::optional<EntityTag> ours =
      has_if_match || has_if_none_match ? parse_single_tag(validators.etag) : std::nullopt;

  // Step 1, else step 2: the client's copy must still be current, or it gets 412.
  if (has_if_match) {
    if (match_tag_list(if_match, ours, true) != ListMatch::match) return Precondition::failed;
  } else if (!trim_ows(if_unmodified_since).empty()) {
    const auto date = parse_date(if_unmodified_since, now);
    if (date && validators.last_modified > *date) return Precondition::failed;
  }

  // Step 3, else step 4: the client already has what it would get. For a method other than
  // GET/HEAD that is a failed precondition instead (§13.1.2); If-Modified-Since applies only to
  // GET/HEAD at all (§13.1.3).
  if (has_if_none_match) {
    if (match_tag_list(if_none_match, ours, false) == ListMatch::match) {
      return is_get_or_head ? Precondition::not_modified : Precondition::failed;
    }
  } else if (is_get_or_head && !trim_ows(if_modified_since).empty()) {
    const auto date = parse_date(if_modified_since, now);
    // "Not modified since" is an ordering, not equality: a client may send any date it likes,
    // e.g. the time it last fetched rather than our Last-Modified.
    if (date && *date <= now && validators.last_modified <= *date) {
      return Precondition::not_modified;
    }
  }
  return Precondition::proceed;
}

bool if_range_allows(std::string_view if_range, const Validators& validators,
                     std::int64_t date_now) {
  if_range = trim_ows(if_range);
  if (if_range.empty()) return true;

  // If-Range = entity-tag / HTTP-date; a date never starts with '"' or "W/".
  if (if_range.front() == '"' || if_range.starts_with("W/")) {
    const auto theirs = parse_single_tag(if_range);
    const auto ours = parse_single_tag(validators.etag);
    // A weak tag never matches here: ranges of a merely equivalent file would splice garbage.
    return theirs && ours && strong_match(*theirs, *ours);
  }

  const auto date = parse_http_date(if_range, date_now);
  return date && validators.last_modified < date_now && *date == validators.last_modified;
}

}  // namespace portico::http
