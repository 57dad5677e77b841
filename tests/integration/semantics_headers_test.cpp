// Per-file headers and pages over real sockets: Cache-Control rules and fingerprinted names,
// error_pages, OPTIONS, ?download, and MIME types (built-in and configured).

#include <gtest/gtest.h>

#include <string>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";

const char* const kFingerprinted[] = {"app.3f9a1c2b.js", "index-BXq3kQ8w.js"};
const char* const kNotFingerprinted[] = {"report.20240131.pdf", "lib-1.2.3.js"};

class SemanticsHeaders : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra =
        "cache_control:\n"
        "  \"*.html\": no-cache\n"
        "error_pages:\n"
        "  404: /404.html\n"
        "  403: /no-such-403.html\n"
        "mime:\n"
        "  \".foo\": application/x-foo\n";
    return o;
  }

  void SetUp() override {
    ServerTest::SetUp();
    for (const char* name : kFingerprinted) write_file(site().root() / name, "// bundle\n");
    for (const char* name : kNotFingerprinted) write_file(site().root() / name, "not hashed\n");
  }
};

TEST_F(SemanticsHeaders, CacheControlRuleApplies) {
  Response html = get("/index.html");
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(html.header("Cache-Control").value_or("(none)"), "no-cache");
  EXPECT_EQ(html.header_count("Cache-Control"), 1u);
  EXPECT_EQ(get("/sub/").header("Cache-Control").value_or("(none)"), "no-cache")
      << "an index file is matched by its own name";
  Response text = get("/a.txt");
  EXPECT_FALSE(text.header("Cache-Control").has_value())
      << text.header("Cache-Control").value_or("");
}

TEST_F(SemanticsHeaders, FingerprintedNamesAreImmutable) {
  for (const char* name : kFingerprinted) {
    Response r = get(std::string("/") + name);
    EXPECT_EQ(r.status, 200) << name;
    EXPECT_EQ(r.header("Cache-Control").value_or("(none)"), kImmutable) << name;
  }
}

TEST_F(SemanticsHeaders, DatesAndVersionsAreNotFingerprints) {
  for (const char* name : kNotFingerprinted) {
    Response r = get(std::string("/") + name);
    EXPECT_EQ(r.status, 200) << name;
    EXPECT_FALSE(r.header("Cache-Control").has_value())
        << name << ": " << r.header("Cache-Control").value_or("");
  }
}

TEST_F(SemanticsHeaders, ConfiguredErrorPageKeepsTheStatus) {
  write_file(site().root() / "404.html", "<!doctype html>\n<p>custom not found page</p>\n");
  Connection c = connect();
  Response r = c.request("GET", "/no-such-file.txt");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, site().content("/404.html"));
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("text/html", 0), 0u);
  // Served like any 404: the connection stays usable.
  EXPECT_EQ(c.request("GET", "/a.txt").body, site().content("/a.txt"));
  Response head = c.request("HEAD", "/no-such-file.txt");
  EXPECT_EQ(head.status, 404);
  EXPECT_EQ(head.header("Content-Length").value_or(""),
            std::to_string(site().content("/404.html").size()));
  EXPECT_EQ(c.request("GET", "/a.txt").body, site().content("/a.txt"));
}

TEST_F(SemanticsHeaders, MissingErrorPageFallsBackToTheBuiltInPage) {
  Response r = get("/nodir/");  // no index, listings off: 403, whose page does not exist
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("403"), std::string::npos) << r.body;
  EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(r.body.size()));
  // The configured 404 page is missing too (404.html was never written).
  Response missing = get("/no-such-file.txt");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("404"), std::string::npos) << missing.body;
}

TEST_F(SemanticsHeaders, OptionsOnAPath) {
  Connection c = connect();
  c.send(make_request("OPTIONS", "/a.txt") + make_request("GET", "/a.txt"));
  Response r = c.read_response();
  Response next = c.read_response();
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Allow").value_or(""), "GET, HEAD, OPTIONS");
  EXPECT_FALSE(r.header("Content-Length").has_value()) << "a 204 has no Content-Length";
  EXPECT_FALSE(r.header("Transfer-Encoding").has_value());
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

TEST_F(SemanticsHeaders, OptionsAsterisk) {
  Connection c = connect();
  c.send("OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n" + make_request("GET", "/a.txt"));
  Response r = c.read_response();
  Response next = c.read_response();
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Allow").value_or(""), "GET, HEAD, OPTIONS");
  EXPECT_FALSE(r.header("Content-Length").has_value()) << "a 204 has no Content-Length";
  EXPECT_EQ(next.body, site().content("/a.txt"));
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200))) << "the 204 carried a body";
}

TEST_F(SemanticsHeaders, DownloadAsciiName) {
  Response r = get("/a.txt?download");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Disposition").value_or(""),
            "attachment; filename=\"a.txt\"; filename*=UTF-8''a.txt");
  EXPECT_EQ(r.body, site().content("/a.txt"));
  EXPECT_FALSE(get("/a.txt").header("Content-Disposition").has_value());
  EXPECT_TRUE(get("/a.txt?x=1&download=1").header("Content-Disposition").has_value());
}

TEST_F(SemanticsHeaders, DownloadUtf8Name) {
  write_file(site().root() / "r\xc3\xa9sum\xc3\xa9.txt", "curriculum vitae\n");
  Response r = get("/r%C3%A9sum%C3%A9.txt?download");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "curriculum vitae\n");
  const std::string value = r.header("Content-Disposition").value_or("");
  EXPECT_EQ(value.rfind("attachment; ", 0), 0u) << value;
  EXPECT_NE(value.find("filename*=UTF-8''r%C3%A9sum%C3%A9.txt"), std::string::npos) << value;
  // The plain filename is an ASCII stand-in, quoted.
  const std::size_t at = value.find("filename=\"");
  ASSERT_NE(at, std::string::npos) << value;
  const std::size_t end = value.find('"', at + 10);
  ASSERT_NE(end, std::string::npos) << value;
  const std::string ascii = value.substr(at + 10, end - at - 10);
  EXPECT_FALSE(ascii.empty());
  for (char ch : ascii)
    EXPECT_LT(static_cast<unsigned char>(ch), 0x80) << "non-ASCII in filename: " << value;
  EXPECT_EQ(ascii.size() >= 4 ? ascii.substr(ascii.size() - 4) : "", ".txt") << value;
}

TEST_F(SemanticsHeaders, MimeTypes) {
  write_file(site().root() / "thing.foo", "foo\n");
  write_file(site().root() / "mod.js", "export {};\n");
  write_file(site().root() / "mod.wasm", std::string("\0asm\1\0\0\0", 8));
  EXPECT_EQ(get("/thing.foo").header("Content-Type").value_or(""), "application/x-foo");
  EXPECT_EQ(get("/mod.js").header("Content-Type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/mod.wasm").header("Content-Type").value_or(""), "application/wasm");
  EXPECT_EQ(get("/a.txt").header("Content-Type").value_or(""), "text/plain; charset=utf-8");
}

class SemanticsFingerprintsOff : public SemanticsHeaders {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "immutable_fingerprints: false\n";
    return o;
  }
};

TEST_F(SemanticsFingerprintsOff, NoImmutableCacheControl) {
  for (const char* name : kFingerprinted) {
    Response r = get(std::string("/") + name);
    EXPECT_EQ(r.status, 200) << name;
    EXPECT_FALSE(r.header("Cache-Control").has_value())
        << name << ": " << r.header("Cache-Control").value_or("");
  }
}

class SemanticsFingerprintRuleWins : public SemanticsHeaders {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "cache_control:\n  \"*.js\": \"max-age=60\"\n";
    return o;
  }
};

TEST_F(SemanticsFingerprintRuleWins, ExplicitRuleBeatsFingerprint) {
  for (const char* name : kFingerprinted)
    EXPECT_EQ(get(std::string("/") + name).header("Cache-Control").value_or(""), "max-age=60")
        << name;
}

}  // namespace
}  // namespace portico::it
