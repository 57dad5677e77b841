#include "http/static_file.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "http/request_parser.hpp"
#include "tests/unit/http/fake_docroot.hpp"

namespace portico::http {
namespace {

constexpr std::string_view kDate = "Sun, 06 Nov 1994 09:49:37 GMT";

class StaticFile : public testing::Test {
 protected:
  StaticFile() {
    root.add("/", FileStat::Kind::directory);
    root.add_file("/index.html", 120);
    root.add_file("/a.txt", 5);
    root.add_file("/app.js", 9);
    root.add("/docs", FileStat::Kind::directory);
    root.add("/empty", FileStat::Kind::directory);
    root.add_file("/docs/index.html", 7);
    root.add_file("/.env", 3);
    root.add_file("/.well-known/security.txt", 4);
    root.add("/fifo", FileStat::Kind::other);
    root.add_error("/secret.txt", OpenError::forbidden);
    root.add("/a b", FileStat::Kind::directory);
  }

  ResponsePlan plan(const std::string& head) {
    parser = std::make_unique<RequestParser>(ParserLimits{});
    const ParseOutcome out = parser->feed(head);
    EXPECT_EQ(out.status, ParseStatus::complete) << head;
    FileCache files(root, cache_options);
    return plan_static(parser->request(), rules, files, Now{784111777 + 3600, kDate, now_ms});
  }
  ResponsePlan get(const std::string& target) {
    return plan("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
  }

  FakeDocroot root;
  SiteRules rules;
  // Caching off and no in-memory bodies unless a test asks: plans then name the file.
  FileCacheOptions cache_options{.valid_ms = 0, .max_entries = 16, .entry = {}};
  std::int64_t now_ms = 1;
  std::unique_ptr<RequestParser> parser;
};

bool has_field(const std::string& head, const std::string& field) {
  return head.find("\r\n" + field + "\r\n") != std::string::npos;
}

TEST_F(StaticFile, ServesARegularFileWithValidators) {
  const ResponsePlan p = get("/a.txt");
  EXPECT_EQ(p.status, 200);
  EXPECT_TRUE(p.file);
  EXPECT_EQ(p.file_length, 5u);
  EXPECT_TRUE(p.head.starts_with("HTTP/1.1 200 OK\r\n"));
  EXPECT_TRUE(has_field(p.head, "Content-Type: text/plain; charset=utf-8"));
  EXPECT_TRUE(has_field(p.head, "Content-Length: 5"));
  EXPECT_TRUE(has_field(p.head, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
  EXPECT_TRUE(has_field(p.head, "Server: portico"));
  EXPECT_NE(p.head.find("\r\nETag: \""), std::string::npos);
  EXPECT_TRUE(p.head.ends_with("\r\n\r\n"));
  EXPECT_TRUE(p.keep_alive);
}

TEST_F(StaticFile, AFileHeadIsWrittenIntoTheStorageItIsGiven) {
  const auto plan_with_storage = [&](const std::string& head) {
    const ResponsePlan fresh = plan(head);
    std::string storage = "the last response's head, already sent";
    storage.reserve(1024);
    const char* buffer = storage.data();
    parser = std::make_unique<RequestParser>(ParserLimits{});
    EXPECT_EQ(parser->feed(head).status, ParseStatus::complete);
    FileCache files(root, cache_options);
    const ResponsePlan p = plan_static(parser->request(), rules, files,
                                       Now{784111777 + 3600, kDate, now_ms}, std::move(storage));
    EXPECT_EQ(p.head, fresh.head) << head;     // the old contents are gone
    EXPECT_EQ(p.head.data(), buffer) << head;  // and no new buffer was allocated
    return p.status;
  };
  EXPECT_EQ(plan_with_storage("GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n"), 200);
  const std::string etag = [&] {
    const std::string head = get("/a.txt").head;
    const std::size_t at = head.find("ETag: ") + 6;
    return head.substr(at, head.find("\r\n", at) - at);
  }();
  EXPECT_EQ(
      plan_with_storage("GET /a.txt HTTP/1.1\r\nHost: h\r\nIf-None-Match: " + etag + "\r\n\r\n"),
      304);
  EXPECT_EQ(plan_with_storage("GET /a.txt HTTP/1.1\r\nHost: h\r\nRange: bytes=1-2\r\n\r\n"), 206);
}

TEST_F(StaticFile, HeadHasTheHeadersAndNoBody) {
  const ResponsePlan p = plan("HEAD /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(p.status, 200);
  EXPECT_FALSE(p.file);
  EXPECT_TRUE(p.body.empty());
  EXPECT_TRUE(has_field(p.head, "Content-Length: 5"));
  EXPECT_EQ(root.open_handles, 0);  // the handle HEAD did not need is closed
}

TEST_F(StaticFile, DirectoryServesItsIndex) {
  const ResponsePlan p = get("/docs/");
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(p.file_length, 7u);
  EXPECT_TRUE(has_field(p.head, "Content-Type: text/html; charset=utf-8"));
  EXPECT_EQ(get("/").file_length, 120u);
}

TEST_F(StaticFile, DirectoryWithoutSlashRedirectsKeepingTheQuery) {
  ResponsePlan p = get("/docs");
  EXPECT_EQ(p.status, 301);
  EXPECT_TRUE(has_field(p.head, "Location: /docs/"));
  p = get("/docs?x=1&y=2");
  EXPECT_TRUE(has_field(p.head, "Location: /docs/?x=1&y=2"));
  // "//docs" must not become a protocol-relative "//docs/" pointing at another host.
  p = get("//docs");
  EXPECT_TRUE(has_field(p.head, "Location: /docs/"));
  p = get("/a%20b");
  EXPECT_TRUE(has_field(p.head, "Location: /a%20b/"));
  EXPECT_TRUE(p.keep_alive);
}

TEST_F(StaticFile, DirectoryWithoutIndexIsForbidden) {
  EXPECT_EQ(get("/empty/").status, 403);
}

TEST_F(StaticFile, ErrorsHaveHtmlBodiesWithLength) {
  const ResponsePlan p = get("/missing");
  EXPECT_EQ(p.status, 404);
  EXPECT_FALSE(p.body.empty());
  EXPECT_TRUE(has_field(p.head, "Content-Length: " + std::to_string(p.body.size())));
  EXPECT_TRUE(has_field(p.head, "Content-Type: text/html; charset=utf-8"));
  EXPECT_TRUE(p.keep_alive);
}

TEST_F(StaticFile, DotfilesAreHiddenButWellKnownIsServed) {
  EXPECT_EQ(get("/.env").status, 404);
  EXPECT_EQ(get("/.well-known/security.txt").status, 200);
  rules.dotfiles = config::Dotfiles::allow;
  EXPECT_EQ(get("/.env").status, 200);
}

TEST_F(StaticFile, OnlyRegularFilesAreServed) {
  EXPECT_EQ(get("/fifo").status, 403);
  EXPECT_EQ(get("/secret.txt").status, 403);
  EXPECT_EQ(root.open_handles, 0);
}

TEST_F(StaticFile, TraversalIsRefusedBeforeTheFileSystem) {
  for (const char* target : {"/../a.txt", "/%2e%2e/a.txt", "/..%2fa.txt", "/a%00", "/%zz"}) {
    root.opened.clear();
    const ResponsePlan p = get(target);
    EXPECT_EQ(p.status, 400) << target;
    EXPECT_FALSE(p.keep_alive) << target;
    EXPECT_TRUE(root.opened.empty()) << target;
  }
}

TEST_F(StaticFile, RefusedMethodsGet405WithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "TRACE"}) {
    const ResponsePlan p = plan(std::string(method) + " /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
    EXPECT_EQ(p.status, 405) << method;
    EXPECT_TRUE(has_field(p.head, "Allow: GET, HEAD, OPTIONS")) << method;
  }
}

TEST_F(StaticFile, OptionsAnswers204WithAllowAndNoContentLength) {
  for (const char* target : {"/a.txt", "*"}) {
    const ResponsePlan p = plan(std::string("OPTIONS ") + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
    EXPECT_EQ(p.status, 204) << target;
    EXPECT_TRUE(has_field(p.head, "Allow: GET, HEAD, OPTIONS"));
    EXPECT_EQ(p.head.find("Content-Length"), std::string::npos);
  }
}

TEST_F(StaticFile, Http10KeepAliveIsEchoed) {
  ResponsePlan p = plan("GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_TRUE(p.keep_alive);
  EXPECT_TRUE(has_field(p.head, "Connection: keep-alive"));
  p = plan("GET /a.txt HTTP/1.0\r\n\r\n");
  EXPECT_FALSE(p.keep_alive);
  EXPECT_TRUE(has_field(p.head, "Connection: close"));
  p = plan("GET /a.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_FALSE(p.keep_alive);
  EXPECT_TRUE(has_field(p.head, "Connection: close"));
}

TEST_F(StaticFile, ParserErrorsCloseTheConnection) {
  for (int status : {400, 413, 414, 431, 501, 505}) {
    const ResponsePlan p = plan_error(status, "detail <b>", 1, true, false, "D");
    EXPECT_FALSE(p.keep_alive) << status;
    EXPECT_TRUE(has_field(p.head, "Connection: close")) << status;
    EXPECT_NE(p.body.find("detail &lt;b&gt;"), std::string::npos) << status;
  }
  EXPECT_TRUE(plan_error(404, "", 1, true, false, "D").keep_alive);
}

TEST(EncodePath, EscapesWhatALocationCannotCarry) {
  EXPECT_EQ(encode_path("/a b/ü?#"), "/a%20b/%C3%BC%3F%23");
  EXPECT_EQ(encode_path("/plain-._~/x"), "/plain-._~/x");
}

}  // namespace
}  // namespace portico::http
