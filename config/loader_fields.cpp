// The keys a config file may set, and how each value is checked. The machinery they use
// (positions, messages, duplicate keys, value parsers) is in loader.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/loader_reader.hpp"
#include "config/media_type.hpp"
#include "config/parse_values.hpp"
#include "config/quote.hpp"

namespace portico::config::detail {
namespace {

bool has_control(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// What is wrong with a glob pattern (`cache_control` keys, `fingerprint_patterns`), if
// anything. Request paths never hold control bytes (the server answers 400 first), so a
// pattern with one could never match; a NUL or line break is most likely a quoting mistake.
std::optional<std::string> glob_problem(std::string_view pattern) {
  if (pattern.empty()) return "bad pattern \"\" (expected a glob such as *.html or assets/*.js)";
  if (has_control(pattern)) {
    return "bad pattern " + quote(pattern) +
           " (must not contain control characters such as NUL or line breaks)";
  }
  return std::nullopt;
}

// A Cache-Control value goes verbatim into every matching response's head: a CR or LF would
// let the file inject header lines, and leading or trailing blanks are not part of a field
// value (RFC 9110 §5.5).
std::optional<std::string> header_value_problem(std::string_view value) {
  if (value.empty()) return std::string("must not be empty");
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) {
      return "bad header value " + quote(value) +
             " (expected printable ASCII without control characters or line breaks, e.g. "
             "no-cache or \"public, max-age=3600\")";
    }
  }
  if (value.front() == ' ' || value.back() == ' ') {
    return "bad header value " + quote(value) + " (must not begin or end with a space)";
  }
  return std::nullopt;
}

// `error_pages` values name a URL path beneath the root, never a file system path.
std::optional<std::string> page_problem(std::string_view page) {
  if (page.empty() || page.front() != '/') {
    return "bad page " + quote(page) +
           " (expected a URL path beneath the root, starting with '/', e.g. /404.html)";
  }
  if (has_control(page)) {
    return "bad page " + quote(page) + " (must not contain control characters such as NUL)";
  }
  if (page.find("..") != std::string_view::npos) {
    return "bad page " + quote(page) + " (must not contain \"..\")";
  }
  return std::nullopt;
}

}  // namespace

void Reader::index(const Entry& entry) {
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
      error(item, "bad file name " + quote(*name) + " (expected a plain name such as index.html)");
      ok = false;
    } else {
      names.push_back(*name);
    }
  }
  if (ok) config_.index = std::move(names);
}

void Reader::access_log_path(const Entry& entry) {
  const auto text = scalar(entry);
  if (!text) return;
  if (*text == "stdout" || *text == "off") {
    config_.access_log.path = *text;
  } else if (const auto file = path(entry)) {
    config_.access_log.path = file->string();
  }
}

// Adds to the base's types rather than replacing them.
void Reader::mime(const Entry& entry) {
  walk_items(entry, "a map of \".ext\": type/subtype", [&](const Entry& item) {
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

// The rules are tried in order, so the file's list replaces the base's as a whole, and only
// when every rule in it is valid.
void Reader::cache_control(const Entry& entry) {
  if (entry.value.IsNull()) return;
  const auto errors_before = errors_.size();
  std::vector<CacheRule> rules;
  walk_items(entry, "a map of \"glob\": Cache-Control value", [&](const Entry& item) {
    const auto& pattern = item.key_node.Scalar();
    if (const auto problem = glob_problem(pattern)) {
      return error_at(item.key_node.Mark(), item.key, *problem);
    }
    const auto value = scalar(item);
    if (!value) return;
    if (const auto problem = header_value_problem(*value)) return error(item, *problem);
    rules.push_back({pattern, *value});
  });
  if (errors_.size() == errors_before) config_.cache_control = std::move(rules);
}

// Replaces the base's list, and only when every pattern in it is valid.
void Reader::fingerprint_patterns(const Entry& entry) {
  if (entry.value.IsNull()) return;
  if (!entry.value.IsSequence()) {
    return error(entry, "expected a list of glob patterns, got " + describe(entry.value));
  }
  std::vector<std::string> patterns;
  bool ok = true;
  for (std::size_t i = 0; i < entry.value.size(); ++i) {
    const Entry item{entry.key + '[' + std::to_string(i) + ']', entry.key_node, entry.value[i]};
    const auto pattern = scalar(item);
    if (!pattern) {
      ok = false;
    } else if (const auto problem = glob_problem(*pattern)) {
      error(item, *problem);
      ok = false;
    } else {
      patterns.push_back(*pattern);
    }
  }
  if (ok) config_.fingerprint_patterns = std::move(patterns);
}

// Adds to the base's pages rather than replacing them.
void Reader::error_pages(const Entry& entry) {
  walk_items(entry, "a map of status: /page, e.g. 404: /404.html", [&](const Entry& item) {
    const auto& text = item.key_node.Scalar();
    // Exactly three digits: YAML 1.1 reads 0404 as octal, and "404" and "0404" would otherwise
    // be one status given twice without the duplicate check noticing.
    const auto status = text.size() == 3 ? parse_unsigned(text) : std::nullopt;
    if (!status || *status < 400 || *status > 599) {
      return error_at(item.key_node.Mark(), item.key,
                      "bad status " + quote(text) + " (expected an error status from 400 to 599)");
    }
    const auto page = scalar(item);
    if (!page) return;
    if (const auto problem = page_problem(*page)) return error(item, *problem);
    config_.error_pages[static_cast<int>(*status)] = *page;
  });
}

std::vector<Field> Reader::top_fields() {
  // YAML 1.1 readers treat on/off as booleans; accept the true/false they may emit, and the
  // other way round.
  const auto flag = [this](std::string_view name, bool Config::*member, std::string_view accepted) {
    return Field{name, [this, member, accepted](const Entry& e) {
                   const auto v = choice<bool>(
                       e, {{"true", true}, {"false", false}, {"on", true}, {"off", false}},
                       accepted);
                   if (v) config_.*member = *v;
                 }};
  };
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
         const auto v = choice<Dotfiles>(e, {{"deny", Dotfiles::deny}, {"allow", Dotfiles::allow}},
                                         "deny or allow");
         if (v) config_.dotfiles = *v;
       }},
      {"symlinks",
       [this](const Entry& e) {
         const auto v = choice<Symlinks>(e,
                                         {{"on", Symlinks::on},
                                          {"off", Symlinks::off},
                                          {"true", Symlinks::on},
                                          {"false", Symlinks::off}},
                                         "on or off");
         if (v) config_.symlinks = *v;
       }},
      {"transmit_file",
       [this](const Entry& e) {
         const auto v = choice<TransmitFile>(e,
                                             {{"auto", TransmitFile::automatic},
                                              {"on", TransmitFile::on},
                                              {"off", TransmitFile::off},
                                              {"true", TransmitFile::on},
                                              {"false", TransmitFile::off}},
                                             "auto, on or off");
         if (v) config_.transmit_file = *v;
       }},
      section("timeouts", [this] { return timeout_fields(); }),
      section("limits", [this] { return limit_fields(); }),
      section("file_cache", [this] { return file_cache_fields(); }),
      section("access_log", [this] { return access_log_fields(); }),
      section("error_log", [this] { return error_log_fields(); }),
      {"mime", [this](const Entry& e) { mime(e); }},
      {"autoindex",
       [this](const Entry& e) {
         const auto v = choice<Autoindex>(e,
                                          {{"off", Autoindex::off},
                                           {"html", Autoindex::html},
                                           {"json", Autoindex::json},
                                           {"false", Autoindex::off}},
                                          "off, html or json");
         if (v) config_.autoindex = *v;
       }},
      {"cache_control", [this](const Entry& e) { cache_control(e); }},
      flag("immutable_fingerprints", &Config::immutable_fingerprints, "true or false"),
      {"fingerprint_patterns", [this](const Entry& e) { fingerprint_patterns(e); }},
      flag("precompressed", &Config::precompressed, "on or off"),
      {"error_pages", [this](const Entry& e) { error_pages(e); }},
  };
}

std::vector<Field> Reader::timeout_fields() {
  const auto field = [this](std::string_view name, Duration Timeouts::*member) {
    return Field{name, [this, member](const Entry& e) {
                   if (const auto d = timeout(e)) config_.timeouts.*member = *d;
                 }};
  };
  return {field("header", &Timeouts::header),
          field("keepalive", &Timeouts::keepalive),
          field("send", &Timeouts::send),
          field("shutdown", &Timeouts::shutdown),
          {"min_send_rate", [this](const Entry& e) {
             // bytes per second, written as a size ("1KiB"); 0 turns the minimum off
             if (const auto n = size(e, 0)) config_.timeouts.min_send_rate = *n;
           }}};
}

std::vector<Field> Reader::limit_fields() {
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
          counted("max_connections", &Limits::max_connections),
          {"receive_buffers", [this](const Entry& e) {
             const auto n = whole(e, 1, 32768, "a power of two from 1 to 32768");
             if (!n) return;
             if ((*n & (*n - 1)) != 0)
               return error(e, "not a power of two: " + std::to_string(*n) +
                                   " (expected a power of two from 1 to 32768)");
             config_.limits.receive_buffers = *n;
           }}};
}

std::vector<Field> Reader::file_cache_fields() {
  return {{"enabled",
           [this](const Entry& e) {
             const auto v = choice<bool>(
                 e, {{"true", true}, {"false", false}, {"on", true}, {"off", false}}, "on or off");
             if (v) config_.file_cache.enabled = *v;
           }},
          {"valid",
           [this](const Entry& e) {
             if (const auto d = timeout(e)) config_.file_cache.valid = *d;
           }},
          {"entries",
           [this](const Entry& e) {
             if (const auto n = positive(e)) config_.file_cache.entries = *n;
           }},
          {"memory_file_size", [this](const Entry& e) {
             if (const auto n = size(e, 0)) config_.file_cache.memory_file_size = *n;
           }}};
}

std::vector<Field> Reader::access_log_fields() {
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

std::vector<Field> Reader::error_log_fields() {
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

}  // namespace portico::config::detail
