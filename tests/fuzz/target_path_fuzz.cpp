// normalize_target is the one gate between a request-target and the file system. Whatever it
// accepts must be a clean absolute path: no dot segments, no empty segments, no NUL or control
// bytes; and the Location the server builds from it (encode_path) must lead back to it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/static_file.hpp"
#include "http/target_path.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::fuzz::has_control;
using portico::http::encode_path;
using portico::http::is_hidden_path;
using portico::http::normalize_target;
using portico::http::TargetPath;

// The rule of is_hidden_path, restated segment by segment.
bool hidden_by_rule(std::string_view path) {
  bool first = true;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string_view segment = path.substr(start, slash - start);
    if (!segment.empty()) {
      if (segment.front() == '.' && !(first && segment == ".well-known")) return true;
      first = false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

void check_clean(const TargetPath& t) {
  const std::string& p = t.path;
  FUZZ_CHECK(!p.empty());
  FUZZ_CHECK(p.front() == '/');
  FUZZ_CHECK(p.find('\0') == std::string::npos);
  FUZZ_CHECK(!has_control(p));
  FUZZ_CHECK(p.find("//") == std::string::npos);
  FUZZ_CHECK(p.find("/../") == std::string::npos);
  FUZZ_CHECK(p.find("/./") == std::string::npos);
  FUZZ_CHECK(!p.ends_with("/.."));
  FUZZ_CHECK(!p.ends_with("/."));
  // The query is passed on verbatim, but never with what a request line could not carry.
  FUZZ_CHECK(t.query.find('#') == std::string::npos);
  FUZZ_CHECK(t.query.find(' ') == std::string::npos);
  FUZZ_CHECK(!has_control(t.query));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);

  // Must not crash on anything, normalised or not.
  FUZZ_CHECK(is_hidden_path(target) == hidden_by_rule(target));

  const TargetPath t = normalize_target(target);
  FUZZ_CHECK(t.status == 0 || t.status == 400);
  if (t.status != 0) return 0;
  check_clean(t);
  FUZZ_CHECK(is_hidden_path(t.path) == hidden_by_rule(t.path));

  // Normalising is idempotent on the encoded form, which is also what a 301 Location carries.
  const std::string encoded = encode_path(t.path);
  const TargetPath again = normalize_target(encoded);
  FUZZ_CHECK(again.status == 0);
  FUZZ_CHECK(again.path == t.path);
  FUZZ_CHECK(again.query.empty());
  const TargetPath with_query = normalize_target(encoded + "?" + t.query);
  FUZZ_CHECK(with_query.status == 0);
  FUZZ_CHECK(with_query.path == t.path);
  FUZZ_CHECK(with_query.query == t.query);
  return 0;
}
