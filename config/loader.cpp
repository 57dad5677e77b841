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

#include "config/media_type.hpp"
#include "config/parse_values.hpp"
#include "config/quote.hpp"

namespace portico::config {
namespace {

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

// A NUL would silently cut the path short at the first system call.
bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

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
  Reader(const std::filesystem::path& name, Config base)
      : name_(name.string()), folder_(name.parent_path()), config_(std::move(base)) {}

  Loaded run(std::string_view text) {
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
      error_at(e.mark, "", e.msg);
      return finish();
    }
    for (std::size_t i = 1; i < documents.size(); ++i) {
      // A trailing "---" yields an empty document, which says nothing and is harmless.
      if (!documents[i].IsNull()) {
        error_at(documents[i].Mark(), "",
                 "a config file holds one YAML document; another starts here");
      }
    }
    if (documents.empty() || documents[0].IsNull()) return finish();
    const YAML::Node& top = documents[0];
    if (!top.IsMap()) {
      error_at(top.Mark(), "", "the top level must be a map of keys, got " + describe(top));
      return finish();
    }
    walk_fields(top, "", top_fields());
    return finish();
  }

 private:
  Loaded finish() { return Loaded{std::move(config_), std::move(errors_)}; }

  void error_at(const YAML::Mark& mark, std::string_view key, std::string_view message) {
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

  // Points at the value, or at its key when there is no value to point at: yaml-cpp marks an
  // empty value at the start of the next line.
  void error(const Entry& entry, std::string_view message) {
    const bool usable = !entry.value.IsNull() && entry.value.Mark().line >= 0;
    error_at(usable ? entry.value.Mark() : entry.key_node.Mark(), entry.key, message);
  }

  // Visits each pair once, reporting non-string and repeated keys: yaml-cpp 0.7 keeps both
  // copies of a repeated key, and a silent "last one wins" hides typos in long files.
  void walk(const YAML::Node& map, const std::string& prefix,
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

  void walk_fields(const YAML::Node& map, const std::string& prefix,
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

  // A section such as `timeouts:`; one left empty (all children commented out) is allowed.
  Field section(std::string_view name, std::function<std::vector<Field>()> fields) {
    return {name, [this, fields](const Entry& entry) {
              if (entry.value.IsNull()) return;
              if (!entry.value.IsMap()) {
                return error(entry, "expected a map, got " + describe(entry.value));
              }
              walk_fields(entry.value, entry.key, fields());
            }};
  }

  std::optional<std::string> scalar(const Entry& entry) {
    if (entry.value.IsScalar()) return entry.value.Scalar();
    error(entry, entry.value.IsNull() ? std::string("missing value")
                                      : "expected a string, got " + describe(entry.value));
    return std::nullopt;
  }

  std::optional<std::filesystem::path> path(const Entry& entry) {
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

  std::optional<std::uint64_t> whole(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                     std::string_view accepted) {
    const auto text = scalar(entry);
    if (!text) return std::nullopt;
    const auto value = parse_unsigned(*text);
    if (value && *value >= min && *value <= max) return value;
    error(entry, "bad value " + quote(*text) + " (expected " + std::string(accepted) + ")");
    return std::nullopt;
  }

  std::optional<std::uint64_t> positive(const Entry& entry) {
    return whole(entry, 1, std::numeric_limits<std::uint64_t>::max(),
                 "a whole number greater than 0");
  }

  std::optional<Duration> timeout(const Entry& entry) {
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

  std::optional<std::uint64_t> size(const Entry& entry, std::uint64_t min) {
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

  void index(const Entry& entry) {
    if (!entry.value.IsSequence()) {
      return error(entry, entry.value.IsNull()
                              ? std::string("missing value")
                              : "expected a list of file names, got " + describe(entry.value));
    }
    if (entry.value.size() == 0) return error(entry, "must list at least one file name");
    std::vector<std::string> names;
    bool ok = true;
    for (std::size_t i = 0; i < entry.value.size(); ++i) {
      const Entry item{entry.key + '[' + std::to_string(i) + ']', entry.key_node, entry.value[i]};
      const auto name = scalar(item);
      if (!name) {
        ok = false;
      } else if (name->empty() || *name == "." || *name == ".." ||
                 name->find('/') != std::string::npos || has_nul(*name)) {
        error(item,
              "bad file name " + quote(*name) + " (expected a plain name such as index.html)");
        ok = false;
      } else {
        names.push_back(*name);
      }
    }
    if (ok) config_.index = std::move(names);
  }

  void access_log_path(const Entry& entry) {
    const auto text = scalar(entry);
    if (!text) return;
    if (*text == "stdout" || *text == "off") {
      config_.access_log.path = *text;
    } else if (const auto file = path(entry)) {
      config_.access_log.path = file->string();
    }
  }

  void mime(const Entry& entry) {
    if (entry.value.IsNull()) return;
    if (!entry.value.IsMap()) {
      return error(entry, "expected a map of \".ext\": type/subtype, got " + describe(entry.value));
    }
    const auto path_of = [&](std::string_view name) { return entry.key + '[' + quote(name) + ']'; };
    walk(entry.value, entry.key, path_of, [&](const Entry& item) {
      const auto& extension = item.key_node.Scalar();
      if (extension.size() < 2 || extension[0] != '.' || extension.find('/') != std::string::npos ||
          has_nul(extension)) {
        return error_at(
            item.key_node.Mark(), item.key,
            "bad extension " + quote(extension) + " (expected a dot and a name, e.g. .html)");
      }
      const auto type = scalar(item);
      if (!type) return;
      if (!is_media_type(*type)) {
        return error(item, "bad media type " + quote(*type) +
                               " (expected type/subtype with optional parameters, e.g. text/html "
                               "or text/plain; charset=utf-8)");
      }
      config_.mime[extension] = *type;
    });
  }

  std::vector<Field> top_fields() {
    return {
        {"listen",
         [this](const Entry& e) {
           const auto text = scalar(e);
           if (!text) return;
           if (const auto address = parse_listen(*text)) {
             config_.listen = *address;
           } else {
             error(e, "bad address " + quote(*text) +
                          " (expected IPv4:PORT, \"[IPv6]:PORT\", :PORT for all interfaces or "
                          "localhost:PORT, with PORT 0-65535)");
           }
         }},
        {"root",
         [this](const Entry& e) {
           if (auto p = path(e)) config_.root = std::move(*p);
         }},
        {"threads",
         [this](const Entry& e) {
           const auto n =
               whole(e, 0, max_threads,
                     "a whole number from 0 (one per CPU) to " + std::to_string(max_threads));
           if (n) config_.threads = static_cast<unsigned>(*n);
         }},
        {"index", [this](const Entry& e) { index(e); }},
        {"dotfiles",
         [this](const Entry& e) {
           const auto v = choice<Dotfiles>(
               e, {{"deny", Dotfiles::deny}, {"allow", Dotfiles::allow}}, "deny or allow");
           if (v) config_.dotfiles = *v;
         }},
        {"symlinks",
         [this](const Entry& e) {
           // YAML 1.1 readers treat on/off as booleans; accept the true/false they may emit.
           const auto v = choice<Symlinks>(e,
                                           {{"on", Symlinks::on},
                                            {"off", Symlinks::off},
                                            {"true", Symlinks::on},
                                            {"false", Symlinks::off}},
                                           "on or off");
           if (v) config_.symlinks = *v;
         }},
        section("timeouts", [this] { return timeout_fields(); }),
        section("limits", [this] { return limit_fields(); }),
        section("access_log", [this] { return access_log_fields(); }),
        section("error_log", [this] { return error_log_fields(); }),
        {"mime", [this](const Entry& e) { mime(e); }},
    };
  }

  std::vector<Field> timeout_fields() {
    const auto field = [this](std::string_view name, Duration Timeouts::*member) {
      return Field{name, [this, member](const Entry& e) {
                     if (const auto d = timeout(e)) config_.timeouts.*member = *d;
                   }};
    };
    return {field("header", &Timeouts::header), field("keepalive", &Timeouts::keepalive),
            field("send", &Timeouts::send), field("shutdown", &Timeouts::shutdown),
            {"min_send_rate", [this](const Entry& e) {
               // bytes per second, written as a size ("1KiB"); 0 turns the minimum off
               if (const auto n = size(e, 0)) config_.timeouts.min_send_rate = *n;
             }}};
  }

  std::vector<Field> limit_fields() {
    const auto sized = [this](std::string_view name, std::uint64_t Limits::*member,
                              std::uint64_t min) {
      return Field{name, [this, member, min](const Entry& e) {
                     if (const auto n = size(e, min)) config_.limits.*member = *n;
                   }};
    };
    const auto counted = [this](std::string_view name, std::uint64_t Limits::*member) {
      return Field{name, [this, member](const Entry& e) {
                     if (const auto n = positive(e)) config_.limits.*member = *n;
                   }};
    };
    // A zero body limit is meaningful (refuse every body); a zero head limit is not.
    return {sized("request_line", &Limits::request_line, 1),
            sized("header_bytes", &Limits::header_bytes, 1),
            sized("body", &Limits::body, 0),
            counted("headers", &Limits::headers),
            counted("max_ranges", &Limits::max_ranges),
            counted("max_connections", &Limits::max_connections)};
  }

  std::vector<Field> access_log_fields() {
    return {{"path", [this](const Entry& e) { access_log_path(e); }},
            {"format", [this](const Entry& e) {
               const auto text = scalar(e);
               if (!text) return;
               if (*text == "combined") {
                 config_.access_log.format = *text;
               } else {
                 error(e, "unsupported format " + quote(*text) + " (only combined is supported)");
               }
             }}};
  }

  std::vector<Field> error_log_fields() {
    return {{"level", [this](const Entry& e) {
               const auto v = choice<LogLevel>(
                   e,
                   {{"trace", LogLevel::trace},
                    {"debug", LogLevel::debug},
                    {"info", LogLevel::info},
                    {"warn", LogLevel::warn},
                    {"error", LogLevel::error},
                    {"critical", LogLevel::critical},
                    {"off", LogLevel::off}},
                   join_names({"trace", "debug", "info", "warn", "error", "critical", "off"}));
               if (v) config_.error_log.level = *v;
             }}};
  }

  std::string name_;
  std::filesystem::path folder_;
  Config config_;
  std::vector<std::string> errors_;
};

}  // namespace

std::filesystem::path resolve_path(const std::filesystem::path& base,
                                   const std::filesystem::path& path) {
  auto joined = (base / path).lexically_normal();
  // "www/" and "www" name the same folder; keep one spelling.
  if (!joined.has_filename() && joined.has_relative_path()) joined = joined.parent_path();
  return joined;
}

Loaded load_yaml(std::string_view text, const std::filesystem::path& name, Config base) {
  return Reader(name, std::move(base)).run(text);
}

Loaded load_file(const std::filesystem::path& file, Config base) {
  const auto fail = [&](int error) {
    return Loaded{
        std::move(base),
        {file.string() + ": cannot read config file: " + std::generic_category().message(error)}};
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"),
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
