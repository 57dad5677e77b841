// The config loader on arbitrary YAML: it must never throw or crash, report problems as
// one-line messages naming the file, and accept only configurations within its own bounds.
// The value parsers it shares with the command line get the raw input as well.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/loader.hpp"
#include "config/media_type.hpp"
#include "config/parse_values.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace portico::config;
using portico::fuzz::has_control;

const std::filesystem::path kName = "/fuzz/portico.yaml";

void check_valid(const Config& c) {
  FUZZ_CHECK(c.threads <= max_threads);
  for (const Duration d :
       {c.timeouts.header, c.timeouts.keepalive, c.timeouts.send, c.timeouts.shutdown}) {
    FUZZ_CHECK(d > Duration::zero());
    FUZZ_CHECK(d <= max_timeout);
  }
  FUZZ_CHECK(c.limits.request_line >= 1);
  FUZZ_CHECK(c.limits.header_bytes >= 1);
  FUZZ_CHECK(c.limits.headers >= 1);
  FUZZ_CHECK(c.limits.max_ranges >= 1);
  FUZZ_CHECK(c.limits.max_connections >= 1);
  FUZZ_CHECK(!c.index.empty());
  for (const std::string& name : c.index) {
    FUZZ_CHECK(!name.empty() && name != "." && name != "..");
    FUZZ_CHECK(name.find('/') == std::string::npos);
    FUZZ_CHECK(name.find('\0') == std::string::npos);
  }
  // A root the file sets is resolved against the file's folder; the built-in one stays relative.
  FUZZ_CHECK(c.root.is_absolute() || c.root == Config{}.root);
  FUZZ_CHECK(c.root.string().find('\0') == std::string::npos);
  FUZZ_CHECK(!c.access_log.path.empty());
  FUZZ_CHECK(c.access_log.path.find('\0') == std::string::npos);
  for (const auto& [extension, type] : c.mime) {
    FUZZ_CHECK(extension.size() >= 2 && extension[0] == '.');
    FUZZ_CHECK(extension.find('/') == std::string::npos);
    FUZZ_CHECK(extension.find('\0') == std::string::npos);
    // Goes verbatim into a Content-Type header.
    FUZZ_CHECK(is_media_type(type));
    FUZZ_CHECK(!has_control(type));
  }
}

void check_values(std::string_view text) {
  if (const auto n = parse_unsigned(text)) {
    FUZZ_CHECK(std::to_string(*n) == text || text.starts_with('0'));
    FUZZ_CHECK(parse_unsigned(std::to_string(*n)) == n);
  }
  if (const auto d = parse_duration(text)) {
    FUZZ_CHECK(d->count() >= 0);
    FUZZ_CHECK(parse_duration(std::to_string(d->count()) + "ms") == d);
  }
  if (const auto s = parse_size(text)) {
    FUZZ_CHECK(parse_size(std::to_string(*s)) == s);
    FUZZ_CHECK(parse_size(std::to_string(*s) + "B") == s);
  }
  if (const auto listen = parse_listen(text)) {
    FUZZ_CHECK(listen->host.find('\0') == std::string::npos);
    const bool v6 = listen->host.find(':') != std::string::npos;
    const std::string written =
        (v6 ? "[" + listen->host + "]" : listen->host) + ":" + std::to_string(listen->port);
    FUZZ_CHECK(parse_listen(written) == listen);
  }
  (void)is_media_type(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_values(text);

  const Loaded loaded = load_yaml(text, kName);
  if (loaded.errors.empty()) {
    check_valid(loaded.config);
  } else {
    for (const std::string& error : loaded.errors) {
      // "FILE:LINE:COL: ..." or "FILE: ...", one line each, no terminal controls.
      FUZZ_CHECK(error.starts_with(kName.string() + ":"));
      FUZZ_CHECK(error.size() > kName.string().size() + 2);
      FUZZ_CHECK(!has_control(error));
    }
  }
  return 0;
}
