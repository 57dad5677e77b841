#include "config/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "config/loader_reader.hpp"
#include "config/os_files.hpp"
#include "config/parse_values.hpp"
#include "config/quote.hpp"

namespace portico::config {
namespace detail {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "a string";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    default:
      return "nothing";
  }
}

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

Reader::Reader(const std::filesystem::path& name, Config base)
    : name_(name.string()), folder_(name.parent_path()), config_(std::move(base)) {}

// Where a second YAML document begins: its first content after a "---" (or "...") marker that
// follows content. yaml-cpp 0.7's LoadAll would tell, but it loops for ever on a flow
// collection followed by a comma ("[],"; upstream jbeder/yaml-cpp#1040), so the file is read
// with Load, which stops after the first document, and later ones are found here. A trailing
// marker with nothing after it opens an empty document, which says nothing and is harmless.
std::optional<YAML::Mark> second_document(std::string_view text) {
  bool content_seen = false, after_marker = false;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool marker = (line.starts_with("---") || line.starts_with("...")) &&
                        (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
    std::size_t from = marker ? 3 : 0;
    const std::size_t first = line.find_first_not_of(" \t", from);
    const bool has_content = first != std::string_view::npos && line[first] != '#';
    if (marker && content_seen) after_marker = true;
    if (has_content) {
      if (after_marker) {
        YAML::Mark mark;
        mark.line = line_number;
        mark.column = static_cast<int>(first);
        return mark;
      }
      content_seen = true;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    ++line_number;
  }
  return std::nullopt;
}

// Load ignores what follows a top-level flow collection ("{a: 1}, x"): find the collection's
// end (outside quoted strings) and return where any text after it begins.
std::optional<YAML::Mark> text_after_flow_collection(std::string_view text) {
  int line = 0, column = 0, depth = 0;
  char quote = 0;
  bool started = false, comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const int here_line = line, here_column = column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
    } else {
      ++column;
    }
    if (comment || c == '\r') continue;
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
        ++column;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n') continue;
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      comment = true;
      continue;
    }
    if (!started) {
      // Only a document that opens with a flow collection is checked; a leading "---" is fine.
      if (c == '-' && text.substr(i, 3) == "---") {
        i += 2;
        column += 2;
        continue;
      }
      if (c != '{' && c != '[') return std::nullopt;
      started = true;
    }
    if (depth == 0 && started && c != '{' && c != '[') {
      if ((c == '-' || c == '.') && here_column == 0 &&
          (text.substr(i, 3) == "---" || text.substr(i, 3) == "..."))
        return std::nullopt;  // a document marker: second_document() judges what follows
      YAML::Mark mark;
      mark.line = here_line;
      mark.column = here_column;
      return mark;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

Loaded Reader::run(std::string_view text) {
  YAML::Node top;
  try {
    top = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    error_at(e.mark, "", escape(e.msg));  // the message may quote the file's bytes
    return finish();
  }
  if (const auto mark = second_document(text))
    error_at(*mark, "", "a config file holds one YAML document; another starts here");
  if (const auto mark = text_after_flow_collection(text)) {
    error_at(*mark, "", "unexpected text after the top-level collection");
    return finish();
  }
  if (top.IsNull()) return finish();
  if (!top.IsMap()) {
    error_at(top.Mark(), "", "the top level must be a map of keys, got " + describe(top));
    return finish();
  }
  walk_fields(top, "", top_fields());
  return finish();
}

Loaded Reader::finish() {
  return Loaded{std::move(config_), std::move(errors_)};
}

void Reader::error_at(const YAML::Mark& mark, std::string_view key, std::string_view message) {
  std::string line = name_;
  if (mark.line >= 0 && mark.column >= 0) {
    line += ':' + std::to_string(mark.line + 1) + ':' + std::to_string(mark.column + 1);
  }
  line += ": ";
  if (!key.empty()) {
    line += key;
    line += ": ";
  }
  line += message;
  errors_.push_back(std::move(line));
}

// yaml-cpp marks an empty value at the start of the next line, so that is no place to point.
void Reader::error(const Entry& entry, std::string_view message) {
  const bool usable = !entry.value.IsNull() && entry.value.Mark().line >= 0;
  error_at(usable ? entry.value.Mark() : entry.key_node.Mark(), entry.key, message);
}

// yaml-cpp 0.7 keeps both copies of a repeated key, and a silent "last one wins" hides typos
// in long files.
void Reader::walk(const YAML::Node& map, const std::string& prefix,
                  const std::function<std::string(std::string_view)>& path_of,
                  const std::function<void(const Entry&)>& visit) {
  std::map<std::string, int, std::less<>> first_line;
  for (const auto& pair : map) {
    const YAML::Node& key = pair.first;
    if (!key.IsScalar()) {
      const auto mark = key.Mark().line >= 0 ? key.Mark() : map.Mark();
      error_at(mark, prefix, "keys must be strings, got " + describe(key));
      continue;
    }
    Entry entry{path_of(key.Scalar()), key, pair.second};
    const auto [it, inserted] = first_line.emplace(key.Scalar(), key.Mark().line + 1);
    if (!inserted) {
      error_at(key.Mark(), entry.key,
               "duplicate key (first given on line " + std::to_string(it->second) + ")");
      continue;
    }
    visit(entry);
  }
}

void Reader::walk_fields(const YAML::Node& map, const std::string& prefix,
                         const std::vector<Field>& fields) {
  const auto path_of = [&](std::string_view name) {
    return prefix.empty() ? escape(name) : prefix + '.' + escape(name);
  };
  walk(map, prefix, path_of, [&](const Entry& entry) {
    const auto& name = entry.key_node.Scalar();
    for (const auto& field : fields) {
      if (field.name == name) return field.apply(entry);
    }
    std::string accepted;
    for (const auto& field : fields) {
      accepted += accepted.empty() ? "" : ", ";
      accepted += field.name;
    }
    error_at(entry.key_node.Mark(), entry.key, "unknown key (accepted: " + accepted + ")");
  });
}

void Reader::walk_items(const Entry& entry, std::string_view expected,
                        const std::function<void(const Entry&)>& visit) {
  if (entry.value.IsNull()) return;
  if (!entry.value.IsMap()) {
    return error(entry, "expected " + std::string(expected) + ", got " + describe(entry.value));
  }
  const auto path_of = [&](std::string_view name) { return entry.key + '[' + quote(name) + ']'; };
  walk(entry.value, entry.key, path_of, visit);
}

Field Reader::section(std::string_view name, std::function<std::vector<Field>()> fields) {
  return {name, [this, fields](const Entry& entry) {
            if (entry.value.IsNull()) return;
            if (!entry.value.IsMap()) {
              return error(entry, "expected a map, got " + describe(entry.value));
            }
            walk_fields(entry.value, entry.key, fields());
          }};
}

std::optional<std::string> Reader::scalar(const Entry& entry) {
  if (entry.value.IsScalar()) return entry.value.Scalar();
  error(entry, entry.value.IsNull() ? std::string("missing value")
                                    : "expected a string, got " + describe(entry.value));
  return std::nullopt;
}

std::optional<std::filesystem::path> Reader::path(const Entry& entry) {
  const auto text = scalar(entry);
  if (!text) return std::nullopt;
  if (text->empty()) {
    error(entry, "must not be empty");
  } else if (has_nul(*text)) {
    error(entry, "must not contain a NUL character");
  } else {
    return resolve_path(folder_, *text);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::whole(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                           std::string_view accepted) {
  const auto text = scalar(entry);
  if (!text) return std::nullopt;
  const auto value = parse_unsigned(*text);
  if (value && *value >= min && *value <= max) return value;
  error(entry, "bad value " + quote(*text) + " (expected " + std::string(accepted) + ")");
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::positive(const Entry& entry) {
  return whole(entry, 1, std::numeric_limits<std::uint64_t>::max(),
               "a whole number greater than 0");
}

std::optional<Duration> Reader::timeout(const Entry& entry) {
  const auto text = scalar(entry);
  if (!text) return std::nullopt;
  const auto value = parse_duration(*text);
  if (!value) {
    error(entry, "bad duration " + quote(*text) +
                     " (expected a whole number and a unit: ms, s, m or h, e.g. 500ms or 10s)");
  } else if (*value <= Duration::zero() || *value > max_timeout) {
    static_assert(max_timeout == std::chrono::hours(24), "keep the message below in step");
    error(entry, "duration " + quote(*text) + " out of range (expected 1ms to 24h)");
  } else {
    return value;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::size(const Entry& entry, std::uint64_t min) {
  const auto text = scalar(entry);
  if (!text) return std::nullopt;
  const auto value = parse_size(*text);
  if (!value) {
    error(entry, "bad size " + quote(*text) +
                     " (expected bytes, or a whole number with B, KiB, MiB or GiB, e.g. 64KiB)");
  } else if (*value < min) {
    error(entry, "size " + quote(*text) + " too small (expected at least " + std::to_string(min) +
                     " bytes)");
  } else {
    return value;
  }
  return std::nullopt;
}

}  // namespace detail

std::filesystem::path resolve_path(const std::filesystem::path& base,
                                   const std::filesystem::path& path) {
  auto joined = (base / path).lexically_normal();
  // "www/" and "www" name the same folder; keep one spelling.
  if (!joined.has_filename() && joined.has_relative_path()) joined = joined.parent_path();
  return joined;
}

Loaded load_yaml(std::string_view text, const std::filesystem::path& name, Config base) {
  return detail::Reader(name, std::move(base)).run(text);
}

Loaded load_file(const std::filesystem::path& file, Config base) {
  const auto fail = [&](int error) {
    return Loaded{
        std::move(base),
        {file.string() + ": cannot read config file: " + std::generic_category().message(error)}};
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(os::open_for_reading(file),
                                                               &std::fclose);
  if (!stream) return fail(errno);
  std::string text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0) text.append(buffer, got);
  // Opening a folder succeeds on Linux; reading it is what fails (EISDIR).
  if (std::ferror(stream.get())) return fail(errno);
  return load_yaml(text, file, std::move(base));
}

}  // namespace portico::config
