#pragma once
// Private to the loader: the reader that walks one YAML document over a Config. The machinery
// (positions, messages, duplicate keys, value parsers) lives in loader.cpp; the keys a file
// may set, and how each is checked, in loader_fields.cpp.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/loader.hpp"
#include "config/quote.hpp"

namespace portico::config::detail {

// "a string", "a list", "a map" or "nothing", for "expected ..., got ..." messages.
std::string describe(const YAML::Node& node);

// "a, b, c"
std::string join_names(std::initializer_list<std::string_view> names);

// A NUL would silently cut a path short at the first system call.
bool has_nul(std::string_view text);

struct Entry {
  std::string key;  // dotted path, e.g. "timeouts.header"
  YAML::Node key_node;
  YAML::Node value;
};

struct Field {
  std::string_view name;
  std::function<void(const Entry&)> apply;
};

class Reader {
 public:
  Reader(const std::filesystem::path& name, Config base);

  Loaded run(std::string_view text);

 private:
  Loaded finish();

  // ---- machinery (loader.cpp) ----

  void error_at(const YAML::Mark& mark, std::string_view key, std::string_view message);
  // Points at the value, or at its key when there is no value to point at.
  void error(const Entry& entry, std::string_view message);

  // Visits each pair once, reporting non-string and repeated keys.
  void walk(const YAML::Node& map, const std::string& prefix,
            const std::function<std::string(std::string_view)>& path_of,
            const std::function<void(const Entry&)>& visit);
  void walk_fields(const YAML::Node& map, const std::string& prefix,
                   const std::vector<Field>& fields);
  // Walks a map whose keys are data ("mime", "cache_control", ...) rather than field names;
  // each item's key reads KEY["name"]. A missing value (all entries commented out) visits
  // nothing; anything else but a map is reported as "expected `expected`, got ...".
  void walk_items(const Entry& entry, std::string_view expected,
                  const std::function<void(const Entry&)>& visit);

  // A section such as `timeouts:`; one left empty (all children commented out) is allowed.
  Field section(std::string_view name, std::function<std::vector<Field>()> fields);

  std::optional<std::string> scalar(const Entry& entry);
  std::optional<std::filesystem::path> path(const Entry& entry);
  std::optional<std::uint64_t> whole(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                     std::string_view accepted);
  std::optional<std::uint64_t> positive(const Entry& entry);
  std::optional<Duration> timeout(const Entry& entry);
  std::optional<std::uint64_t> size(const Entry& entry, std::uint64_t min);

  // `choices` pairs each accepted spelling with its value.
  template <typename T>
  std::optional<T> choice(const Entry& entry,
                          std::initializer_list<std::pair<std::string_view, T>> choices,
                          std::string_view accepted) {
    const auto text = scalar(entry);
    if (!text) return std::nullopt;
    for (const auto& [spelling, value] : choices) {
      if (*text == spelling) return value;
    }
    error(entry, "bad value " + quote(*text) + " (expected " + std::string(accepted) + ")");
    return std::nullopt;
  }

  // ---- the keys (loader_fields.cpp) ----

  std::vector<Field> top_fields();
  std::vector<Field> timeout_fields();
  std::vector<Field> limit_fields();
  std::vector<Field> file_cache_fields();
  std::vector<Field> access_log_fields();
  std::vector<Field> error_log_fields();

  void index(const Entry& entry);
  void access_log_path(const Entry& entry);
  void mime(const Entry& entry);
  void cache_control(const Entry& entry);
  void fingerprint_patterns(const Entry& entry);
  void error_pages(const Entry& entry);

  std::string name_;
  std::filesystem::path folder_;
  Config config_;
  std::vector<std::string> errors_;
};

}  // namespace portico::config::detail
