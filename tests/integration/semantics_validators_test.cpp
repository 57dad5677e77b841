// Validators and conditional requests over real sockets: ETag, Last-Modified, If-None-Match,
// If-Modified-Since, If-Match and If-Unmodified-Since (README: "Validators, conditional requests
// and ranges").

#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "tests/integration/file_times.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

namespace fs = std::filesystem;

// A fixed modification time well in the past: Tue, 14 Nov 2023 22:13:20 GMT.
constexpr std::time_t kMtime = 1700000000;

class SemanticsValidators : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "cache_control:\n  \"*.html\": no-cache\n";
    return o;
  }

  void SetUp() override {
    ServerTest::SetUp();
    set_mtime(site().root() / "a.txt", kMtime);
    set_mtime(site().root() / "index.html", kMtime);
  }

  // The current ETag of a file, from a plain GET.
  std::string etag_of(const std::string& target) {
    Response r = get(target);
    EXPECT_EQ(r.status, 200) << target;
    return r.header("ETag").value_or("");
  }

  // GET /a.txt with one extra header line on a new connection.
  Response get_a(const std::string& header_line) {
    return exchange(make_request("GET", "/a.txt", header_line + "\r\n"));
  }
};

TEST_F(SemanticsValidators, OkCarriesStrongETagLastModifiedAndAcceptRanges) {
  Response r = get("/a.txt");
  ASSERT_EQ(r.status, 200);
  const std::string etag = r.header("ETag").value_or("");
  ASSERT_GE(etag.size(), 3u) << etag;
  EXPECT_EQ(etag.front(), '"') << "a strong ETag, not W/: " << etag;
  EXPECT_EQ(etag.back(), '"') << etag;
  EXPECT_EQ(r.header("Last-Modified").value_or(""), http_date(kMtime));
  EXPECT_EQ(r.header("Accept-Ranges").value_or(""), "bytes");
  EXPECT_TRUE(is_http_date(r.header("Date").value_or(""))) << r.header("Date").value_or("");

  // The validator follows the file's identity: the same bytes with another mtime have another
  // ETag and Last-Modified. (A twin file rather than touching a.txt: the server may cache what
  // it has already served for a moment.)
  write_file(site().root() / "a-twin.txt", site().content("/a.txt"));
  set_mtime(site().root() / "a-twin.txt", kMtime + 3600);
  Response twin = get("/a-twin.txt");
  EXPECT_NE(twin.header("ETag").value_or(""), etag);
  EXPECT_EQ(twin.header("Last-Modified").value_or(""), http_date(kMtime + 3600));
}

TEST_F(SemanticsValidators, IfNoneMatchExactIs304WithValidatorsAndNoBody) {
  Response full = get("/index.html");
  ASSERT_EQ(full.status, 200);
  const std::string etag = full.header("ETag").value_or("");
  Connection c = connect();
  // Pipelined: a 304 that carried a body would make the second response unparsable.
  c.send(make_request("GET", "/index.html", "If-None-Match: " + etag + "\r\n") +
         make_request("GET", "/a.txt"));
  Response nm = c.read_response();
  Response next = c.read_response();
  EXPECT_EQ(nm.status, 304);
  EXPECT_EQ(nm.header("ETag").value_or(""), etag);
  EXPECT_EQ(nm.header("Last-Modified").value_or(""), http_date(kMtime));
  EXPECT_EQ(nm.header("Cache-Control").value_or(""), "no-cache");
  EXPECT_TRUE(is_http_date(nm.header("Date").value_or(""))) << nm.header("Date").value_or("");
  EXPECT_FALSE(nm.header("Transfer-Encoding").has_value());
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200))) << "bytes after the last response";
}

TEST_F(SemanticsValidators, IfNoneMatchWeakFormMatches) {
  const std::string etag = etag_of("/a.txt");
  Response r = get_a("If-None-Match: W/" + etag);
  EXPECT_EQ(r.status, 304) << "If-None-Match uses the weak comparison";
  EXPECT_EQ(r.header("ETag").value_or(""), etag);
}

TEST_F(SemanticsValidators, IfNoneMatchListMatches) {
  const std::string etag = etag_of("/a.txt");
  EXPECT_EQ(get_a("If-None-Match: \"x-1\", W/\"y-2\" ," + etag + ", \"z\"").status, 304);
  Response miss = get_a("If-None-Match: \"x-1\", W/\"y-2\", \"z\"");
  EXPECT_EQ(miss.status, 200);
  EXPECT_EQ(miss.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, IfNoneMatchStarMatchesAnExistingFile) {
  EXPECT_EQ(get_a("If-None-Match: *").status, 304);
}

TEST_F(SemanticsValidators, IfNoneMatchMismatchIs200) {
  Response r = get_a("If-None-Match: \"something-else\"");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, HeadWithIfNoneMatchIs304) {
  const std::string etag = etag_of("/a.txt");
  Connection c = connect();
  c.send(make_request("HEAD", "/a.txt", "If-None-Match: " + etag + "\r\n") +
         make_request("GET", "/a.txt"));
  EXPECT_EQ(c.read_response(/*head_request=*/true).status, 304);
  EXPECT_EQ(c.read_response().body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, NotModifiedCarriesVaryForFileWithPrecompressedSibling) {
  write_file(site().root() / "v.txt", "plain text variant\n");
  write_file(site().root() / "v.txt.gz", "stand-in for gzip bytes\n");
  set_mtime(site().root() / "v.txt", kMtime);
  set_mtime(site().root() / "v.txt.gz", kMtime + 10);
  Response full = get("/v.txt");  // no Accept-Encoding: identity
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.header("Vary").value_or(""), "Accept-Encoding");
  const std::string etag = full.header("ETag").value_or("");
  Response r = exchange(make_request("GET", "/v.txt", "If-None-Match: " + etag + "\r\n"));
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
  EXPECT_EQ(r.header("ETag").value_or(""), etag);
  EXPECT_TRUE(is_http_date(r.header("Date").value_or("")));
}

TEST_F(SemanticsValidators, IfModifiedSinceEqualIs304) {
  Response r = get_a("If-Modified-Since: " + http_date(kMtime));
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.header("Last-Modified").value_or(""), http_date(kMtime));
  EXPECT_FALSE(r.header("ETag").value_or("").empty());
}

TEST_F(SemanticsValidators, IfModifiedSinceLaterIs304) {
  EXPECT_EQ(get_a("If-Modified-Since: " + http_date(kMtime + 86400)).status, 304);
}

TEST_F(SemanticsValidators, IfModifiedSinceEarlierIs200) {
  Response r = get_a("If-Modified-Since: " + http_date(kMtime - 1));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, IfModifiedSinceInvalidIs200) {
  for (const char* bad :
       {"yesterday", "Tue, 14 Nov 2023 22:13:20", "Tue, 32 Nov 2023 22:13:20 GMT", "1700000000"}) {
    Response r = get_a(std::string("If-Modified-Since: ") + bad);
    EXPECT_EQ(r.status, 200) << bad;
    EXPECT_EQ(r.body, site().content("/a.txt")) << bad;
  }
}

TEST_F(SemanticsValidators, IfModifiedSinceInTheFutureIsIgnored) {
  const std::time_t tomorrow = std::time(nullptr) + 86400;
  EXPECT_EQ(get_a("If-Modified-Since: " + http_date(tomorrow)).status, 200);
}

TEST_F(SemanticsValidators, IfModifiedSinceIgnoredWhenIfNoneMatchPresent) {
  Response r = exchange(make_request(
      "GET", "/a.txt",
      "If-None-Match: \"not-the-etag\"\r\nIf-Modified-Since: " + http_date(kMtime) + "\r\n"));
  EXPECT_EQ(r.status, 200) << "If-None-Match present: If-Modified-Since must not be evaluated";
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, IfMatchMismatchIs412AndConnectionStaysUsable) {
  Connection c = connect();
  Response r = c.request("GET", "/a.txt", "If-Match: \"stale-etag\"\r\n");
  EXPECT_EQ(r.status, 412);
  EXPECT_NE(r.body, site().content("/a.txt"));
  Response after = c.request("GET", "/a.txt");
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, IfMatchUsesStrongComparison) {
  const std::string etag = etag_of("/a.txt");
  EXPECT_EQ(get_a("If-Match: " + etag).status, 200);
  EXPECT_EQ(get_a("If-Match: \"other\", " + etag).status, 200);
  EXPECT_EQ(get_a("If-Match: *").status, 200);
  EXPECT_EQ(get_a("If-Match: W/" + etag).status, 412) << "a weak tag never matches If-Match";
}

TEST_F(SemanticsValidators, IfUnmodifiedSinceOlderThanFileIs412) {
  EXPECT_EQ(get_a("If-Unmodified-Since: " + http_date(kMtime - 60)).status, 412);
  Response same = get_a("If-Unmodified-Since: " + http_date(kMtime));
  EXPECT_EQ(same.status, 200);
  EXPECT_EQ(same.body, site().content("/a.txt"));
}

TEST_F(SemanticsValidators, IfMatchTakesPrecedenceOverIfUnmodifiedSince) {
  const std::string etag = etag_of("/a.txt");
  // RFC 9110 §13.2.2: when If-Match is present, If-Unmodified-Since is not evaluated.
  Response r = exchange(make_request(
      "GET", "/a.txt",
      "If-Match: " + etag + "\r\nIf-Unmodified-Since: " + http_date(kMtime - 60) + "\r\n"));
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace portico::it
