#include "http/fingerprint.hpp"

#include <cstddef>

namespace portico::http {
namespace {

constexpr std::size_t kMinHashLength = 8;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

// 8+ hex digits, with at least one letter and one digit: all-digit runs are dates, serial
// numbers and versions ("20240131"), all-letter runs are words ("deadbeef", "facade").
bool is_hex_hash(std::string_view run) {
  if (run.size() < kMinHashLength) return false;
  bool letter = false;
  bool digit = false;
  for (char c : run) {
    if (is_digit(c)) {
      digit = true;
    } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
      letter = true;
    } else {
      return false;
    }
  }
  return letter && digit;
}

// 8+ base64url characters (without '-', which ends the run) mixing all three classes. Requiring
// an upper-case letter after the first character rejects Capitalised words with a number,
// which a random hash almost always has anyway (all but (38/64)^7, about 3%).
bool is_base64_hash(std::string_view run) {
  if (run.size() < kMinHashLength) return false;
  bool upper = false;
  bool lower = false;
  bool digit = false;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const char c = run[i];
    if (is_upper(c)) {
      upper = upper || i > 0;
    } else if (is_lower(c)) {
      lower = true;
    } else if (is_digit(c)) {
      digit = true;
    } else if (c != '_') {
      return false;
    }
  }
  return upper && lower && digit;
}

// name.HASH.ext, name.HASH.chunk.ext: a component with a dot on each side.
bool has_dotted_hash(std::string_view name) {
  std::size_t start = name.find('.');
  while (start != std::string_view::npos) {
    const std::size_t end = name.find('.', start + 1);
    if (end == std::string_view::npos) return false;  // the extension: no dot after it
    if (is_hex_hash(name.substr(start + 1, end - start - 1))) return true;
    start = end;
  }
  return false;
}

// name-HASH.ext: the run after the last '-' up to the next '.', with a name before the '-'.
bool has_dashed_hash(std::string_view name) {
  const std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return false;
  const std::size_t dot = name.find('.', dash);
  if (dot == std::string_view::npos || dot + 1 == name.size()) return false;
  const std::string_view run = name.substr(dash + 1, dot - dash - 1);
  return is_hex_hash(run) || is_base64_hash(run);
}

// One '/'-free segment; the classic greedy match that backtracks only to the latest '*', which
// is exact when '*' cannot cross a segment boundary and runs in O(|pattern| * |text|) at worst.
bool match_segment(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string_view strip_leading_slash(std::string_view text) {
  if (!text.empty() && text.front() == '/') text.remove_prefix(1);
  return text;
}

}  // namespace

bool is_fingerprinted(std::string_view file_name) {
  const std::size_t slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  return has_dotted_hash(file_name) || has_dashed_hash(file_name);
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Segment by segment: a '/' in the pattern must meet a '/' in the text, and no wildcard may
  // reach across one.
  for (;;) {
    const std::size_t pattern_slash = pattern.find('/');
    const std::size_t text_slash = text.find('/');
    if (!match_segment(pattern.substr(0, pattern_slash), text.substr(0, text_slash))) {
      return false;
    }
    if (pattern_slash == std::string_view::npos || text_slash == std::string_view::npos) {
      return pattern_slash == text_slash;
    }
    pattern.remove_prefix(pattern_slash + 1);
    text.remove_prefix(text_slash + 1);
  }
}

bool glob_rule_matches(std::string_view pattern, std::string_view path) {
  if (pattern.find('/') != std::string_view::npos) {
    return glob_match(strip_leading_slash(pattern), strip_leading_slash(path));
  }
  const std::size_t slash = path.rfind('/');
  return glob_match(pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
}

const GlobRule* first_matching_rule(std::span<const GlobRule> rules, std::string_view path) {
  for (const GlobRule& rule : rules) {
    if (glob_rule_matches(rule.pattern, path)) return &rule;
  }
  return nullptr;
}

}  // namespace portico::http
