#include "config/media_type.hpp"

namespace portico::config {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 6838 restricted-name-chars.
bool is_name_char(char c) {
  return is_alnum(c) || std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
}

// RFC 9110 tchar.
bool is_token_char(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Reads from the front of the text, consuming what it accepts.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  bool done() const { return rest_.empty(); }

  bool skip(char c) {
    if (rest_.empty() || rest_.front() != c) return false;
    rest_.remove_prefix(1);
    return true;
  }

  void skip_blanks() {
    while (skip(' ') || skip('\t')) {
    }
  }

  // restricted-name = restricted-name-first *126restricted-name-chars
  bool name() {
    if (rest_.empty() || !is_alnum(rest_.front())) return false;
    std::size_t n = 1;
    while (n < rest_.size() && is_name_char(rest_[n])) ++n;
    if (n > 127) return false;
    rest_.remove_prefix(n);
    return true;
  }

  bool token() {
    std::size_t n = 0;
    while (n < rest_.size() && is_token_char(rest_[n])) ++n;
    rest_.remove_prefix(n);
    return n > 0;
  }

  // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE, without obs-text.
  bool quoted() {
    if (!skip('"')) return false;
    while (!rest_.empty()) {
      const char c = rest_.front();
      rest_.remove_prefix(1);
      if (c == '"') return true;
      if (c == '\\') {
        if (rest_.empty() || !is_visible_or_blank(rest_.front())) return false;
        rest_.remove_prefix(1);
      } else if (!is_visible_or_blank(c)) {
        return false;
      }
    }
    return false;  // unterminated
  }

 private:
  static bool is_visible_or_blank(char c) { return c == '\t' || (c >= ' ' && c <= '~'); }

  std::string_view rest_;
};

}  // namespace

bool is_media_type(std::string_view text) {
  // Trailing blanks would be copied into the header as part of the last value.
  if (text.ends_with(' ') || text.ends_with('\t')) return false;
  Cursor cursor(text);
  if (!cursor.name() || !cursor.skip('/') || !cursor.name()) return false;
  // parameters = *( OWS ";" OWS [ parameter ] ), parameter = token "=" ( token / quoted-string )
  while (true) {
    cursor.skip_blanks();
    if (cursor.done()) return true;
    if (!cursor.skip(';')) return false;
    cursor.skip_blanks();
    if (cursor.done()) return false;  // a dangling ";" helps nobody
    if (!cursor.token() || !cursor.skip('=')) return false;
    if (!cursor.token() && !cursor.quoted()) return false;
  }
}

}  // namespace portico::config
