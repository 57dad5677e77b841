// Files the loader refuses: each problem as "FILE:LINE:COL: KEY: message", all of them at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "config/loader.hpp"

namespace portico::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr const char* kName = "conf/test.yaml";

std::vector<std::string> errors_of(const std::string& text) {
  return load_yaml(text, kName).errors;
}

struct Case {
  const char* yaml;
  const char* where;   // expected "LINE:COL: KEY: " after the file name
  const char* detail;  // expected somewhere in the rest of the message
};

void expect_single_error(const Case& c) {
  const auto errors = errors_of(c.yaml);
  ASSERT_THAT(errors, SizeIs(1)) << c.yaml;
  EXPECT_THAT(errors[0], StartsWith(std::string(kName) + ":" + c.where)) << c.yaml;
  EXPECT_THAT(errors[0], HasSubstr(c.detail)) << c.yaml;
}

TEST(LoadYamlErrors, SyntaxErrorsCarryTheirPosition) {
  EXPECT_THAT(errors_of("root: www\nindex: [a\nthreads: 2\n"),
              ElementsAre(std::string(kName) + ":3:8: end of sequence flow not found"));
  // An unquoted IPv6 listen address is a YAML flow sequence followed by junk.
  EXPECT_THAT(errors_of("listen: [::1]:8080\n"),
              ElementsAre(StartsWith(std::string(kName) + ":1:14: ")));
  EXPECT_THAT(errors_of("timeouts:\n  header: 1s\n send: 2s\n"),
              ElementsAre(StartsWith(std::string(kName) + ":3:2: ")));
  EXPECT_THAT(errors_of("root: *nowhere\n"),
              ElementsAre(std::string(kName) + ":1:7: the referenced anchor is not defined"));
}

TEST(LoadYamlErrors, TopLevelMustBeAMap) {
  EXPECT_THAT(
      errors_of("- listen: :80\n"),
      ElementsAre(std::string(kName) + ":1:1: the top level must be a map of keys, got a list"));
  EXPECT_THAT(
      errors_of("just text\n"),
      ElementsAre(std::string(kName) + ":1:1: the top level must be a map of keys, got a string"));
}

TEST(LoadYamlErrors, OnlyOneDocument) {
  EXPECT_THAT(errors_of("threads: 1\n---\nthreads: 2\n"),
              ElementsAre(std::string(kName) +
                          ":3:1: a config file holds one YAML document; another starts here"));
}

TEST(LoadYamlErrors, TrailingCommaAfterAFlowCollectionDoesNotHang) {
  // yaml-cpp 0.7's LoadAll loops for ever on these (jbeder/yaml-cpp#1040).
  for (const char* text : {"[],\n", "{},\n", "{a: 1},\n"}) EXPECT_FALSE(errors_of(text).empty());
  // A whole config as one flow map is fine, comments and quoted brackets included.
  EXPECT_THAT(errors_of("{threads: 2, index: [\"a]b.html\"]}  # done\n"), IsEmpty());
  EXPECT_THAT(errors_of("---\n{threads: 2}\n...\n"), IsEmpty());
}

TEST(LoadYamlErrors, LaterDocumentsAreFoundAfterTheirMarker) {
  EXPECT_THAT(errors_of("---\nthreads: 1\n---\n"), IsEmpty());
  EXPECT_THAT(errors_of("threads: 1\n--- # x\n  # y\n\n  threads: 2\n"),
              ElementsAre(std::string(kName) +
                          ":5:3: a config file holds one YAML document; another starts here"));
}

TEST(LoadYamlErrors, ParserMessagesAreEscaped) {
  const auto errors = errors_of("a: \"\\\x1b[31m\"\n");
  ASSERT_FALSE(errors.empty());
  for (const std::string& e : errors) EXPECT_EQ(e.find('\x1b'), std::string::npos) << e;
}

TEST(LoadYamlErrors, ReceiveBuffersMustBeAPowerOfTwo) {
  EXPECT_THAT(errors_of("limits: {receive_buffers: 100}\n"),
              ElementsAre(HasSubstr("1:27: limits.receive_buffers: not a power of two: 100")));
  EXPECT_THAT(errors_of("limits: {receive_buffers: 0}\n"),
              ElementsAre(HasSubstr("limits.receive_buffers: ")));
}

TEST(LoadYamlErrors, UnknownKeys) {
  for (const Case& c : {
           Case{"lisen: :80\n", "1:1: lisen: ", "unknown key (accepted: listen, root, threads,"},
           Case{"root: www\ntimeouts:\n  headr: 1s\n", "3:3: timeouts.headr: ",
                "unknown key (accepted: header, keepalive, send, shutdown, min_send_rate)"},
           Case{"limits: {body: 1, max_body: 2}\n", "1:19: limits.max_body: ", "unknown key"},
           Case{"access_log:\n  file: a.log\n", "2:3: access_log.file: ", "unknown key"},
           Case{"error_log:\n  levle: info\n", "2:3: error_log.levle: ", "unknown key"},
           Case{"autoindx: html\n", "1:1: autoindx: ",
                "unknown key (accepted: listen, root, threads, index, dotfiles, symlinks, "
                "transmit_file, timeouts, limits, file_cache, access_log, error_log, mime, "
                "autoindex, cache_control, "
                "immutable_fingerprints, fingerprint_patterns, precompressed, error_pages)"},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, DuplicateKeysNameBothLines) {
  for (const Case& c : {
           Case{"threads: 1\nroot: www\nthreads: 2\n",
                "3:1: threads: ", "duplicate key (first given on line 1)"},
           Case{"limits:\n  body: 1\n  headers: 3\n  body: 2\n",
                "4:3: limits.body: ", "duplicate key (first given on line 2)"},
           Case{"timeouts:\n  header: 1s\nroot: www\ntimeouts:\n  send: 2s\n",
                "4:1: timeouts: ", "duplicate key (first given on line 1)"},
           Case{"mime:\n  .a: text/plain\n  .a: text/html\n",
                "3:3: mime[\".a\"]: ", "duplicate key (first given on line 2)"},
           Case{"cache_control:\n  \"*.js\": no-cache\n  '*.css': no-store\n  '*.js': max-age=1\n",
                "4:3: cache_control[\"*.js\"]: ", "duplicate key (first given on line 2)"},
           Case{"error_pages:\n  404: /a.html\n  \"404\": /b.html\n",
                "3:3: error_pages[\"404\"]: ", "duplicate key (first given on line 2)"},
           Case{"autoindex: html\nprecompressed: on\nautoindex: json\n",
                "3:1: autoindex: ", "duplicate key (first given on line 1)"},
           // Quoting does not make a key different.
           Case{"root: a\n'root': b\n", "2:1: root: ", "duplicate key (first given on line 1)"},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, DuplicateKeyDoesNotOverrideTheFirst) {
  const auto loaded = load_yaml("threads: 1\nthreads: 2\n", kName);
  EXPECT_THAT(loaded.errors, SizeIs(1));
  EXPECT_EQ(loaded.config.threads, 1u);
}

TEST(LoadYamlErrors, WrongTypes) {
  for (const Case& c : {
           Case{"listen: {host: x}\n", "1:9: listen: ", "expected a string, got a map"},
           Case{"root: [a, b]\n", "1:7: root: ", "expected a string, got a list"},
           Case{"threads:\n", "1:1: threads: ", "missing value"},
           Case{"root: ~\n", "1:1: root: ", "missing value"},
           Case{"timeouts: 10s\n", "1:11: timeouts: ", "expected a map, got a string"},
           Case{"limits: [1]\n", "1:9: limits: ", "expected a map, got a list"},
           Case{"index: index.html\n",
                "1:8: index: ", "expected a list of file names, got a string"},
           Case{"index:\n  - [a]\n", "2:5: index[0]: ", "expected a string, got a list"},
           Case{"mime: text/html\n", "1:7: mime: ", "expected a map"},
           Case{"mime:\n  .a: [text/html]\n",
                "2:7: mime[\".a\"]: ", "expected a string, got a list"},
           Case{"timeouts:\n  header: {s: 1}\n",
                "2:11: timeouts.header: ", "expected a string, got a map"},
           Case{"? [a, b]\n: c\n", "1:3: ", "keys must be strings, got a list"},
           Case{"autoindex: [html]\n", "1:12: autoindex: ", "expected a string, got a list"},
           Case{"autoindex:\n", "1:1: autoindex: ", "missing value"},
           Case{"precompressed: {on: 1}\n",
                "1:16: precompressed: ", "expected a string, got a map"},
           Case{"immutable_fingerprints:\n", "1:1: immutable_fingerprints: ", "missing value"},
           Case{"cache_control: no-cache\n", "1:16: cache_control: ",
                "expected a map of \"glob\": Cache-Control value, got a string"},
           Case{"cache_control: [\"*.js\"]\n", "1:16: cache_control: ", "got a list"},
           Case{"cache_control:\n  \"*.js\": [no-cache]\n",
                "2:11: cache_control[\"*.js\"]: ", "expected a string, got a list"},
           Case{"cache_control:\n  \"*.js\":\n", "2:3: cache_control[\"*.js\"]: ", "missing value"},
           Case{"cache_control:\n  ? [a]\n  : b\n",
                "2:5: cache_control: ", "keys must be strings, got a list"},
           Case{"fingerprint_patterns: \"*.js\"\n",
                "1:23: fingerprint_patterns: ", "expected a list of glob patterns, got a string"},
           Case{"fingerprint_patterns: {a: b}\n", "1:23: fingerprint_patterns: ", "got a map"},
           Case{"fingerprint_patterns: [a, [b]]\n",
                "1:27: fingerprint_patterns[1]: ", "expected a string, got a list"},
           Case{"error_pages: /404.html\n", "1:14: error_pages: ",
                "expected a map of status: /page, e.g. 404: /404.html, got a string"},
           Case{"error_pages:\n  404: {path: /a}\n",
                "2:8: error_pages[\"404\"]: ", "expected a string, got a map"},
           Case{"error_pages:\n  404:\n", "2:3: error_pages[\"404\"]: ", "missing value"},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, BadValuesQuoteTheValueAndSayWhatIsAccepted) {
  for (const Case& c : {
           // durations
           Case{"timeouts:\n  header: 10\n", "2:11: timeouts.header: ",
                "bad duration \"10\" (expected a whole number and a unit: ms, s, m or h"},
           Case{"timeouts: {keepalive: 1.5s}\n",
                "1:23: timeouts.keepalive: ", "bad duration \"1.5s\""},
           Case{"timeouts: {send: -1s}\n", "1:18: timeouts.send: ", "bad duration \"-1s\""},
           Case{"timeouts: {send: 99999999999999999999h}\n",
                "1:18: timeouts.send: ", "bad duration"},
           Case{"timeouts: {shutdown: 0s}\n",
                "1:22: timeouts.shutdown: ", "duration \"0s\" out of range (expected 1ms to 24h)"},
           Case{"timeouts: {shutdown: 25h}\n", "1:22: timeouts.shutdown: ", "out of range"},
           // sizes
           Case{"limits:\n  body: 1MB\n", "2:9: limits.body: ",
                "bad size \"1MB\" (expected bytes, or a whole number with B, KiB, MiB or GiB"},
           Case{"limits: {header_bytes: 99999999999GiB}\n",
                "1:24: limits.header_bytes: ", "bad size \"99999999999GiB\""},
           Case{"limits: {request_line: 0}\n",
                "1:24: limits.request_line: ", "size \"0\" too small (expected at least 1 bytes)"},
           // counts
           Case{"limits: {headers: 0}\n", "1:19: limits.headers: ",
                "bad value \"0\" (expected a whole number greater than 0)"},
           Case{"limits: {max_ranges: -3}\n", "1:22: limits.max_ranges: ", "bad value \"-3\""},
           Case{"limits: {max_connections: 1e4}\n",
                "1:27: limits.max_connections: ", "bad value \"1e4\""},
           Case{"threads: -1\n", "1:10: threads: ",
                "bad value \"-1\" (expected a whole number from 0 (one per CPU) to 1024)"},
           Case{"threads: 1025\n", "1:10: threads: ", "bad value \"1025\""},
           // listen
           Case{"listen: 8080\n", "1:9: listen: ",
                "bad address \"8080\" (expected IPv4:PORT, \"[IPv6]:PORT\", :PORT"},
           Case{"listen: example.com:80\n", "1:9: listen: ", "bad address \"example.com:80\""},
           Case{"listen: 127.0.0.1:65536\n", "1:9: listen: ", "bad address \"127.0.0.1:65536\""},
           Case{"listen: '127.0.0.1:'\n", "1:9: listen: ", "bad address \"127.0.0.1:\""},
           // enumerations
           Case{"dotfiles: hide\n",
                "1:11: dotfiles: ", "bad value \"hide\" (expected deny or allow)"},
           Case{"symlinks: yes\n", "1:11: symlinks: ", "bad value \"yes\" (expected on or off)"},
           Case{"transmit_file: sometimes\n",
                "1:16: transmit_file: ", "bad value \"sometimes\" (expected auto, on or off)"},
           Case{"error_log:\n  level: verbose\n", "2:10: error_log.level: ",
                "bad value \"verbose\" (expected trace, debug, info, warn, error, critical, off)"},
           Case{"access_log:\n  format: common\n", "2:11: access_log.format: ",
                "unsupported format \"common\" (only combined is supported)"},
           // paths and names
           Case{"root: ''\n", "1:7: root: ", "must not be empty"},
           Case{"access_log: {path: \"\"}\n", "1:20: access_log.path: ", "must not be empty"},
           Case{"root: \"a\\0b\"\n", "1:7: root: ", "must not contain a NUL character"},
           Case{"index: []\n", "1:8: index: ", "must list at least one file name"},
           Case{"index: [a.html, sub/b.html]\n", "1:17: index[1]: ",
                "bad file name \"sub/b.html\" (expected a plain name such as index.html)"},
           Case{"index: ['..']\n", "1:9: index[0]: ", "bad file name \"..\""},
           // MIME types
           Case{"mime:\n  html: text/html\n", "2:3: mime[\"html\"]: ",
                "bad extension \"html\" (expected a dot and a name, e.g. .html)"},
           Case{"mime:\n  '.': text/html\n", "2:3: mime[\".\"]: ", "bad extension \".\""},
           Case{"mime:\n  .x: text\n",
                "2:7: mime[\".x\"]: ", "bad media type \"text\" (expected type/subtype"},
           Case{"mime:\n  .x: \"text/html\\r\\nX: y\"\n",
                "2:7: mime[\".x\"]: ", "bad media type \"text/html\\x0d\\x0aX: y\""},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, AutoindexAndSwitchesSayWhatIsAccepted) {
  for (const Case& c : {
           Case{"autoindex: on\n",
                "1:12: autoindex: ", "bad value \"on\" (expected off, html or json)"},
           Case{"autoindex: true\n", "1:12: autoindex: ", "bad value \"true\""},
           Case{"autoindex: HTML\n", "1:12: autoindex: ", "bad value \"HTML\""},
           Case{"immutable_fingerprints: yes\n",
                "1:25: immutable_fingerprints: ", "bad value \"yes\" (expected true or false)"},
           Case{"immutable_fingerprints: 1\n", "1:25: immutable_fingerprints: ", "bad value \"1\""},
           Case{"precompressed: gzip\n",
                "1:16: precompressed: ", "bad value \"gzip\" (expected on or off)"},
           Case{"precompressed: 'On'\n", "1:16: precompressed: ", "bad value \"On\""},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, CacheControlPatternsAndHeaderValues) {
  for (const Case& c : {
           // patterns (the keys): pointed at the key
           Case{"cache_control:\n  \"\": no-cache\n", "2:3: cache_control[\"\"]: ",
                "bad pattern \"\" (expected a glob such as *.html or assets/*.js)"},
           Case{"cache_control:\n  \"a\\0b\": no-cache\n", "2:3: cache_control[\"a\\x00b\"]: ",
                "bad pattern \"a\\x00b\" (must not contain control characters such as NUL or "
                "line breaks)"},
           Case{"cache_control:\n  \"*.js\\n\": no-cache\n",
                "2:3: cache_control[\"*.js\\x0a\"]: ", "bad pattern \"*.js\\x0a\""},
           // values: they go into a response header, pointed at the value
           Case{"cache_control:\n  \"*\": \"no-cache\\r\\nSet-Cookie: a=b\"\n",
                "2:8: cache_control[\"*\"]: ",
                "bad header value \"no-cache\\x0d\\x0aSet-Cookie: a=b\" (expected printable ASCII "
                "without control characters or line breaks"},
           Case{"cache_control: {\"*\": \"max-age=1\\tpublic\"}\n",
                "1:22: cache_control[\"*\"]: ", "bad header value \"max-age=1\\x09public\""},
           Case{"cache_control: {\"*\": \"no-cache\\0\"}\n",
                "1:22: cache_control[\"*\"]: ", "bad header value \"no-cache\\x00\""},
           Case{"cache_control: {\"*\": \"max-age=1\\x7f\"}\n",
                "1:22: cache_control[\"*\"]: ", "bad header value \"max-age=1\\x7f\""},
           Case{"cache_control: {\"*\": \"caf\u00e9\"}\n",
                "1:22: cache_control[\"*\"]: ", "bad header value \"caf\xc3\xa9\""},
           Case{"cache_control: {\"*\": \"\"}\n",
                "1:22: cache_control[\"*\"]: ", "must not be empty"},
           Case{"cache_control: {\"*\": \" no-cache\"}\n", "1:22: cache_control[\"*\"]: ",
                "bad header value \" no-cache\" (must not begin or end with a space)"},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, FingerprintPatterns) {
  for (const Case& c : {
           Case{"fingerprint_patterns: [\"*.js\", \"\"]\n", "1:32: fingerprint_patterns[1]: ",
                "bad pattern \"\" (expected a glob such as *.html or assets/*.js)"},
           Case{"fingerprint_patterns:\n  - \"a\\0\"\n", "2:5: fingerprint_patterns[0]: ",
                "bad pattern \"a\\x00\" (must not contain control characters"},
           Case{"fingerprint_patterns: [\"*.js\\r\\n\"]\n",
                "1:24: fingerprint_patterns[0]: ", "bad pattern \"*.js\\x0d\\x0a\""},
           Case{"fingerprint_patterns:\n  -\n", "1:1: fingerprint_patterns[0]: ", "missing value"},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, ErrorPageStatusesAndPaths) {
  for (const Case& c : {
           // statuses (the keys): pointed at the key
           Case{"error_pages:\n  200: /ok.html\n", "2:3: error_pages[\"200\"]: ",
                "bad status \"200\" (expected an error status from 400 to 599)"},
           Case{"error_pages:\n  399: /a\n", "2:3: error_pages[\"399\"]: ", "bad status \"399\""},
           Case{"error_pages:\n  600: /a\n", "2:3: error_pages[\"600\"]: ", "bad status \"600\""},
           Case{"error_pages:\n  0404: /a\n",
                "2:3: error_pages[\"0404\"]: ", "bad status \"0404\""},
           Case{"error_pages:\n  -404: /a\n",
                "2:3: error_pages[\"-404\"]: ", "bad status \"-404\""},
           Case{"error_pages:\n  404.0: /a\n", "2:3: error_pages[\"404.0\"]: ", "bad status"},
           Case{"error_pages:\n  not_found: /a\n",
                "2:3: error_pages[\"not_found\"]: ", "bad status \"not_found\""},
           Case{"error_pages:\n  \"\": /a\n", "2:3: error_pages[\"\"]: ", "bad status \"\""},
           // pages: URL paths beneath the root, pointed at the value
           Case{"error_pages:\n  404: 404.html\n", "2:8: error_pages[\"404\"]: ",
                "bad page \"404.html\" (expected a URL path beneath the root, starting with '/', "
                "e.g. /404.html)"},
           Case{"error_pages:\n  404: errors/404.html\n",
                "2:8: error_pages[\"404\"]: ", "bad page \"errors/404.html\""},
           Case{"error_pages:\n  404: \"\"\n", "2:8: error_pages[\"404\"]: ", "bad page \"\""},
           Case{"error_pages:\n  404: /../etc/passwd\n", "2:8: error_pages[\"404\"]: ",
                "bad page \"/../etc/passwd\" (must not contain \"..\")"},
           Case{"error_pages:\n  500: /e/..\n",
                "2:8: error_pages[\"500\"]: ", "must not contain \"..\""},
           Case{"error_pages:\n  404: \"/a\\0b\"\n", "2:8: error_pages[\"404\"]: ",
                "bad page \"/a\\x00b\" (must not contain control characters such as NUL)"},
           Case{"error_pages:\n  404: \"/a\\nb\"\n",
                "2:8: error_pages[\"404\"]: ", "bad page \"/a\\x0ab\""},
       }) {
    expect_single_error(c);
  }
}

TEST(LoadYamlErrors, BadValuesLeaveTheBaseInPlace) {
  Config base;
  base.threads = 3;
  base.index = {"home.html"};
  base.limits.body = 77;
  const auto loaded =
      load_yaml("threads: x\nindex: [ok.html, a/b]\nlimits: {body: 1XB}\n", kName, base);
  EXPECT_THAT(loaded.errors, SizeIs(3));
  EXPECT_EQ(loaded.config.threads, 3u);
  EXPECT_EQ(loaded.config.index, std::vector<std::string>{"home.html"});
  EXPECT_EQ(loaded.config.limits.body, 77u);
}

TEST(LoadYamlErrors, OneBadRuleOrPatternKeepsTheBaseList) {
  Config base;
  base.cache_control = {{"*", "no-cache"}};
  base.fingerprint_patterns = {"*.x"};
  base.error_pages = {{500, "/500.html"}};
  base.autoindex = Autoindex::html;
  const auto loaded = load_yaml(
      "cache_control:\n  \"*.js\": max-age=60\n  \"*.css\": \"a\\nb\"\n"
      "fingerprint_patterns: [\"*.y\", \"\"]\n"
      "error_pages:\n  404: /404.html\n  200: /ok.html\n  503: busy.html\n"
      "autoindex: yes\n",
      kName, base);
  EXPECT_THAT(loaded.errors, SizeIs(5));
  // Ordered lists are all or nothing; error pages, like MIME types, take each valid entry.
  EXPECT_EQ(loaded.config.cache_control, base.cache_control);
  EXPECT_EQ(loaded.config.fingerprint_patterns, base.fingerprint_patterns);
  EXPECT_EQ(loaded.config.error_pages,
            (std::map<int, std::string>{{404, "/404.html"}, {500, "/500.html"}}));
  EXPECT_EQ(loaded.config.autoindex, Autoindex::html);
}

TEST(LoadYamlErrors, EveryProblemIsReportedInFileOrder) {
  const char* text =
      "listen: nowhere\n"           // 1: bad value
      "rot: www\n"                  // 2: unknown key
      "timeouts:\n"                 //
      "  header: 10\n"              // 4: bad duration
      "  header: 10s\n"             // 5: duplicate
      "limits:\n"                   //
      "  body: {a: 1}\n"            // 7: wrong type
      "  surprise: 1\n"             // 8: unknown nested key
      "dotfiles: allow\n"           // fine
      "error_log: {level: loud}\n"  // 10: bad value
      ;
  const auto loaded = load_yaml(text, kName);
  EXPECT_THAT(loaded.errors,
              ElementsAre(StartsWith("conf/test.yaml:1:9: listen: bad address \"nowhere\""),
                          StartsWith("conf/test.yaml:2:1: rot: unknown key"),
                          StartsWith("conf/test.yaml:4:11: timeouts.header: bad duration \"10\""),
                          "conf/test.yaml:5:3: timeouts.header: duplicate key (first given on "
                          "line 4)",
                          "conf/test.yaml:7:9: limits.body: expected a string, got a map",
                          StartsWith("conf/test.yaml:8:3: limits.surprise: unknown key"),
                          StartsWith("conf/test.yaml:10:20: error_log.level: bad value \"loud\"")));
  // The valid key in between still took effect.
  EXPECT_EQ(loaded.config.dotfiles, Dotfiles::allow);
}

TEST(LoadYamlErrors, ControlCharactersInValuesAreEscaped) {
  const auto errors = errors_of("dotfiles: \"a\\x1b[2Jb\"\n");
  ASSERT_THAT(errors, SizeIs(1));
  EXPECT_THAT(errors[0], AllOf(HasSubstr("\"a\\x1b[2Jb\""), Not(HasSubstr("\x1b"))));
}

TEST(LoadYamlErrors, ControlCharactersInKeysAreEscaped) {
  EXPECT_THAT(errors_of("\"a\\x1bb\": 1\n"),
              ElementsAre(std::string(kName) +
                          ":1:1: a\\x1bb: unknown key (accepted: listen, root, threads, index, "
                          "dotfiles, symlinks, transmit_file, timeouts, limits, file_cache, "
                          "access_log, "
                          "error_log, mime, "
                          "autoindex, cache_control, immutable_fingerprints, "
                          "fingerprint_patterns, precompressed, error_pages)"));
  // Keys inside a map of data are escaped too, in the key path and in the message.
  const auto errors = errors_of("cache_control:\n  \"a\\x1b[2J\": no-cache\n");
  ASSERT_THAT(errors, SizeIs(1));
  EXPECT_THAT(errors[0], AllOf(StartsWith(std::string(kName) +
                                          ":2:3: cache_control[\"a\\x1b[2J\"]: bad pattern"),
                               Not(HasSubstr("\x1b"))));
}

TEST(LoadYamlErrors, ValidFileHasNoErrors) {
  EXPECT_THAT(errors_of("listen: :80\n"), IsEmpty());
}

}  // namespace
}  // namespace portico::config
