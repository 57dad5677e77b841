// Files the loader accepts, and what it makes of them.
#include "config/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/config/temp_dir.hpp"

namespace portico::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A resolved path as the loader spells it: "/var/p/a.log" on Linux, "\\var\\p\\a.log" on Windows.
std::string native(const char* path) {
  return std::filesystem::path(path).make_preferred().string();
}

constexpr const char* kFullFile = R"(# every key, none at its default
listen: "[::1]:9090"
root: site
threads: 4
index: [index.htm, default.html]
dotfiles: allow
symlinks: off
transmit_file: off
timeouts:
  header: 5s
  keepalive: 2m
  send: 1500ms
  shutdown: 1h
  min_send_rate: 64KiB
file_cache:
  enabled: off
  valid: 250ms
  entries: 99
  memory_file_size: 4KiB
limits:
  request_line: 4KiB
  header_bytes: 32KiB
  body: 2MiB
  headers: 50
  max_ranges: 4
  max_connections: 500
  receive_buffers: 64
access_log:
  path: logs/access.log
  format: combined
error_log:
  level: warn
mime:
  .wasm: application/wasm
  ".txt": "text/plain; charset=utf-8"
autoindex: json
cache_control:
  "*.html": no-cache
  "assets/*": "public, max-age=3600"
immutable_fingerprints: off
fingerprint_patterns: ["*.chunk.js", "static/*"]
precompressed: false
error_pages:
  404: /errors/404.html
  503: /busy.html
)";

TEST(LoadYaml, FullFileSetsEveryKey) {
  const auto loaded = load_yaml(kFullFile, "/etc/portico/portico.yaml");
  ASSERT_THAT(loaded.errors, IsEmpty());
  const Config& c = loaded.config;
  EXPECT_EQ(c.listen, (ListenAddress{"::1", 9090}));
  EXPECT_EQ(c.root, "/etc/portico/site");
  EXPECT_EQ(c.threads, 4u);
  EXPECT_EQ(c.index, (std::vector<std::string>{"index.htm", "default.html"}));
  EXPECT_EQ(c.dotfiles, Dotfiles::allow);
  EXPECT_EQ(c.symlinks, Symlinks::off);
  EXPECT_EQ(c.transmit_file, TransmitFile::off);
  EXPECT_EQ(c.timeouts.header, seconds(5));
  EXPECT_EQ(c.timeouts.keepalive, minutes(2));
  EXPECT_EQ(c.timeouts.send, milliseconds(1500));
  EXPECT_EQ(c.timeouts.shutdown, std::chrono::hours(1));
  EXPECT_EQ(c.timeouts.min_send_rate, 64u * 1024);
  EXPECT_FALSE(c.file_cache.enabled);
  EXPECT_EQ(c.file_cache.valid, milliseconds(250));
  EXPECT_EQ(c.file_cache.entries, 99u);
  EXPECT_EQ(c.file_cache.memory_file_size, 4u * 1024);
  EXPECT_EQ(c.limits.request_line, 4u * 1024);
  EXPECT_EQ(c.limits.header_bytes, 32u * 1024);
  EXPECT_EQ(c.limits.body, 2u * 1024 * 1024);
  EXPECT_EQ(c.limits.headers, 50u);
  EXPECT_EQ(c.limits.max_ranges, 4u);
  EXPECT_EQ(c.limits.max_connections, 500u);
  EXPECT_EQ(c.limits.receive_buffers, 64u);
  EXPECT_EQ(c.access_log.path, native("/etc/portico/logs/access.log"));
  EXPECT_EQ(c.access_log.format, "combined");
  EXPECT_EQ(c.error_log.level, LogLevel::warn);
  EXPECT_EQ(c.mime, (std::map<std::string, std::string>{{".wasm", "application/wasm"},
                                                        {".txt", "text/plain; charset=utf-8"}}));
  EXPECT_EQ(c.autoindex, Autoindex::json);
  EXPECT_EQ(c.cache_control,
            (std::vector<CacheRule>{{"*.html", "no-cache"}, {"assets/*", "public, max-age=3600"}}));
  EXPECT_FALSE(c.immutable_fingerprints);
  EXPECT_EQ(c.fingerprint_patterns, (std::vector<std::string>{"*.chunk.js", "static/*"}));
  EXPECT_FALSE(c.precompressed);
  // URL paths beneath the root: not resolved against the file's folder.
  EXPECT_EQ(c.error_pages,
            (std::map<int, std::string>{{404, "/errors/404.html"}, {503, "/busy.html"}}));
}

TEST(LoadYaml, OmittedKeysKeepTheBase) {
  Config base;
  base.threads = 7;
  base.timeouts.send = seconds(3);
  base.mime[".x"] = "a/b";
  const auto loaded = load_yaml("timeouts:\n  header: 1s\nmime:\n  .y: c/d\n", "p.yaml", base);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.threads, 7u);
  EXPECT_EQ(loaded.config.timeouts.header, seconds(1));
  EXPECT_EQ(loaded.config.timeouts.send, seconds(3));
  EXPECT_EQ(loaded.config.timeouts.keepalive, Timeouts{}.keepalive);
  // The file adds to the base's MIME types rather than replacing the whole map.
  EXPECT_EQ(loaded.config.mime, (std::map<std::string, std::string>{{".x", "a/b"}, {".y", "c/d"}}));
}

TEST(LoadYaml, EmptyOrCommentOnlyFileYieldsTheBase) {
  Config base;
  base.root = "/srv/base";
  base.listen = {"", 81};
  for (const char* text : {"", "\n\n", "# nothing here\n", "---\n", "---\n...\n"}) {
    const auto loaded = load_yaml(text, "/etc/p.yaml", base);
    EXPECT_THAT(loaded.errors, IsEmpty()) << text;
    EXPECT_EQ(loaded.config.root, "/srv/base") << text;
    EXPECT_EQ(loaded.config.listen, (ListenAddress{"", 81})) << text;
  }
}

TEST(LoadYaml, EmptySectionsAreAllowed) {
  const auto loaded = load_yaml("timeouts:\nlimits: {}\nmime:\n", "p.yaml");
  EXPECT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.timeouts.header, Timeouts{}.header);
}

TEST(LoadYaml, RelativePathsFollowTheFilesFolder) {
  const struct {
    const char* file;
    const char* root;
    std::filesystem::path expected;
  } cases[] = {
      {"/etc/portico/portico.yaml", "www", "/etc/portico/www"},
      {"/etc/portico/portico.yaml", "../www", "/etc/www"},
      {"/etc/portico/portico.yaml", "./a/./b/../c/", "/etc/portico/a/c"},
      {"/etc/portico/portico.yaml", "/srv/www", "/srv/www"},
      {"/etc/portico/portico.yaml", "/srv//www/", "/srv/www"},
      {"/etc/portico/portico.yaml", ".", "/etc/portico"},
      {"conf/portico.yaml", "www", "conf/www"},
      {"conf/portico.yaml", "../www", "www"},
      {"portico.yaml", "www", "www"},
      {"portico.yaml", "../www", "../www"},
  };
  for (const auto& c : cases) {
    const auto loaded = load_yaml(std::string("root: '") + c.root + "'\n", c.file);
    ASSERT_THAT(loaded.errors, IsEmpty()) << c.file << " " << c.root;
    EXPECT_EQ(loaded.config.root, c.expected) << c.file << " " << c.root;
  }
}

TEST(LoadYaml, AccessLogPathIsAFileStdoutOrOff) {
  const struct {
    const char* value;
    const char* expected;
  } cases[] = {
      {"stdout", "stdout"},
      {"off", "off"},
      {"access.log", "/var/p/access.log"},
      {"./stdout", "/var/p/stdout"},
      {"/var/log/a.log", "/var/log/a.log"},
  };
  for (const auto& c : cases) {
    const auto loaded =
        load_yaml(std::string("access_log:\n  path: ") + c.value + "\n", "/var/p/p.yaml");
    ASSERT_THAT(loaded.errors, IsEmpty()) << c.value;
    EXPECT_EQ(loaded.config.access_log.path, native(c.expected)) << c.value;
  }
}

TEST(LoadYaml, SymlinksTakeOnOffAndTheirBooleanSpellings) {
  const struct {
    const char* value;
    Symlinks expected;
  } cases[] = {
      {"on", Symlinks::on},   {"off", Symlinks::off},   {"\"on\"", Symlinks::on},
      {"true", Symlinks::on}, {"false", Symlinks::off}, {"'off'", Symlinks::off},
  };
  for (const auto& c : cases) {
    Config base;
    base.symlinks = c.expected == Symlinks::on ? Symlinks::off : Symlinks::on;
    const auto loaded = load_yaml(std::string("symlinks: ") + c.value, "p.yaml", base);
    ASSERT_THAT(loaded.errors, IsEmpty()) << c.value;
    EXPECT_EQ(loaded.config.symlinks, c.expected) << c.value;
  }
}

TEST(LoadYaml, TransmitFileTakesAutoOnOff) {
  const struct {
    const char* value;
    TransmitFile expected;
  } cases[] = {
      {"auto", TransmitFile::automatic}, {"on", TransmitFile::on},     {"off", TransmitFile::off},
      {"true", TransmitFile::on},        {"false", TransmitFile::off},
  };
  for (const auto& c : cases) {
    Config base;
    base.transmit_file =
        c.expected == TransmitFile::automatic ? TransmitFile::off : TransmitFile::automatic;
    const auto loaded = load_yaml(std::string("transmit_file: ") + c.value, "p.yaml", base);
    ASSERT_THAT(loaded.errors, IsEmpty()) << c.value;
    EXPECT_EQ(loaded.config.transmit_file, c.expected) << c.value;
  }
}

TEST(LoadYaml, AutoindexTakesOffHtmlJsonAndFalse) {
  const struct {
    const char* value;
    Autoindex expected;
  } cases[] = {
      {"html", Autoindex::html}, {"json", Autoindex::json}, {"off", Autoindex::off},
      {"'off'", Autoindex::off}, {"false", Autoindex::off},  // what a YAML 1.1 writer makes of off
  };
  for (const auto& c : cases) {
    Config base;
    base.autoindex = c.expected == Autoindex::html ? Autoindex::json : Autoindex::html;
    const auto loaded = load_yaml(std::string("autoindex: ") + c.value, "p.yaml", base);
    ASSERT_THAT(loaded.errors, IsEmpty()) << c.value;
    EXPECT_EQ(loaded.config.autoindex, c.expected) << c.value;
  }
}

TEST(LoadYaml, SwitchesTakeTrueFalseAndOnOff) {
  for (const auto& [text, expected] : std::initializer_list<std::pair<const char*, bool>>{
           {"true", true}, {"on", true}, {"\"on\"", true}, {"false", false}, {"off", false}}) {
    Config base;
    base.immutable_fingerprints = !expected;
    base.precompressed = !expected;
    const auto loaded = load_yaml(
        std::string("immutable_fingerprints: ") + text + "\nprecompressed: " + text + "\n",
        "p.yaml", base);
    ASSERT_THAT(loaded.errors, IsEmpty()) << text;
    EXPECT_EQ(loaded.config.immutable_fingerprints, expected) << text;
    EXPECT_EQ(loaded.config.precompressed, expected) << text;
  }
}

TEST(LoadYaml, CacheControlKeepsFileOrderAndReplacesTheBase) {
  Config base;
  base.cache_control = {{"*.old", "no-store"}};
  // Out of alphabetical order on purpose: the first matching rule wins, so order matters.
  const auto loaded = load_yaml(
      "cache_control:\n  \"z/*\": max-age=1\n  '*': no-cache\n  a*: \"private, max-age=60\"\n",
      "/etc/p/p.yaml", base);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.cache_control,
            (std::vector<CacheRule>{
                {"z/*", "max-age=1"}, {"*", "no-cache"}, {"a*", "private, max-age=60"}}));
}

TEST(LoadYaml, EmptyListsAndMapsAreAllowed) {
  Config base;
  base.cache_control = {{"*", "no-cache"}};
  base.fingerprint_patterns = {"*.x"};
  base.error_pages = {{404, "/404.html"}};
  // Left empty (entries commented out): nothing said, the base stays.
  auto loaded = load_yaml("cache_control:\nfingerprint_patterns:\nerror_pages:\n", "p.yaml", base);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.cache_control, base.cache_control);
  EXPECT_EQ(loaded.config.fingerprint_patterns, base.fingerprint_patterns);
  EXPECT_EQ(loaded.config.error_pages, base.error_pages);
  // Explicitly empty: no rules, no extra patterns; error pages add to the base like mime.
  loaded =
      load_yaml("cache_control: {}\nfingerprint_patterns: []\nerror_pages: {}\n", "p.yaml", base);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_THAT(loaded.config.cache_control, IsEmpty());
  EXPECT_THAT(loaded.config.fingerprint_patterns, IsEmpty());
  EXPECT_EQ(loaded.config.error_pages, base.error_pages);
}

TEST(LoadYaml, ErrorPagesAddToTheBaseAndStayUrlPaths) {
  Config base;
  base.error_pages = {{404, "/old.html"}, {500, "/500.html"}};
  const auto loaded =
      load_yaml("error_pages:\n  400: /bad.html\n  404: /e/not found.html\n  '599': /x\n",
                "conf/p.yaml", base);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.error_pages,
            (std::map<int, std::string>{
                {400, "/bad.html"}, {404, "/e/not found.html"}, {500, "/500.html"}, {599, "/x"}}));
}

TEST(LoadYaml, EveryLogLevel) {
  const std::pair<const char*, LogLevel> cases[] = {
      {"trace", LogLevel::trace}, {"debug", LogLevel::debug}, {"info", LogLevel::info},
      {"warn", LogLevel::warn},   {"error", LogLevel::error}, {"critical", LogLevel::critical},
      {"off", LogLevel::off},
  };
  for (const auto& [text, level] : cases) {
    const auto loaded = load_yaml(std::string("error_log: {level: ") + text + "}", "p.yaml");
    ASSERT_THAT(loaded.errors, IsEmpty()) << text;
    EXPECT_EQ(loaded.config.error_log.level, level) << text;
  }
}

TEST(LoadYaml, ListenForms) {
  const std::pair<const char*, ListenAddress> cases[] = {
      {"listen: :8081", {"", 8081}},
      {"listen: 0.0.0.0:80", {"0.0.0.0", 80}},
      {"listen: localhost:0", {"127.0.0.1", 0}},
      {"listen: '[::]:8443'", {"::", 8443}},
  };
  for (const auto& [text, expected] : cases) {
    const auto loaded = load_yaml(text, "p.yaml");
    ASSERT_THAT(loaded.errors, IsEmpty()) << text;
    EXPECT_EQ(loaded.config.listen, expected) << text;
  }
}

TEST(LoadYaml, BoundaryValuesAreAccepted) {
  const auto loaded = load_yaml(
      "threads: 1024\nlimits: {body: 0, request_line: 1B}\ntimeouts: {header: 1ms, send: 24h}\n",
      "p.yaml");
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.threads, 1024u);
  EXPECT_EQ(loaded.config.limits.body, 0u);
  EXPECT_EQ(loaded.config.limits.request_line, 1u);
  EXPECT_EQ(loaded.config.timeouts.header, milliseconds(1));
  EXPECT_EQ(loaded.config.timeouts.send, std::chrono::hours(24));
}

TEST(LoadYaml, AnchorsAndAliasesAreResolved) {
  const auto loaded =
      load_yaml("timeouts:\n  header: &t 3s\n  send: *t\nindex: &i [a.html]\n", "p.yaml");
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.timeouts.send, seconds(3));
}

TEST(LoadFile, ReadsTheFileAndAnchorsPathsToItsFolder) {
  const TempDir dir;
  const auto file = dir.write("conf/portico.yaml", "root: ../public\nthreads: 2\n");
  const auto loaded = load_file(file);
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.root, dir.path() / "public");
  EXPECT_EQ(loaded.config.threads, 2u);
}

TEST(LoadFile, ErrorsNameTheFile) {
  const TempDir dir;
  const auto file = dir.write("bad.yaml", "threads: many\n");
  EXPECT_THAT(load_file(file).errors,
              ElementsAre(file.string() + ":1:10: threads: bad value \"many\" (expected a whole "
                                          "number from 0 (one per CPU) to 1024)"));
}

TEST(LoadFile, MissingOrUnreadableFileIsAnErrorNamingIt) {
  const TempDir dir;
  Config base;
  base.threads = 9;
  const auto missing = dir.path() / "missing.yaml";
  const auto loaded = load_file(missing, base);
  EXPECT_THAT(loaded.errors, ElementsAre(missing.string() +
                                         ": cannot read config file: No such file or directory"));
  EXPECT_EQ(loaded.config.threads, 9u);

  EXPECT_THAT(load_file(dir.path()).errors,
              ElementsAre(dir.path().string() + ": cannot read config file: Is a directory"));
}

// The file shipped in the source tree must stay valid.
TEST(LoadFile, ShippedDefaultConfigIsValid) {
  const auto shipped =
      std::filesystem::path(__FILE__).parent_path() / "../../../config/portico.yaml";
  ASSERT_TRUE(std::filesystem::exists(shipped)) << shipped;
  const auto loaded = load_file(shipped.lexically_normal());
  EXPECT_THAT(loaded.errors, IsEmpty());
}

}  // namespace
}  // namespace portico::config
