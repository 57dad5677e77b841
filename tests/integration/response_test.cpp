// The headers of a 200, and HEAD.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Response200 = ServerTest;

// A quoted entity-tag without the weak prefix: DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E.
bool is_strong_etag(const std::string& etag) {
  if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < etag.size(); ++i) {
    const auto c = static_cast<unsigned char>(etag[i]);
    if (c != 0x21 && (c < 0x23 || c > 0x7e)) return false;
  }
  return true;
}

void expect_file_headers(const Response& r, const std::string& type, std::size_t length) {
  EXPECT_EQ(r.version, "HTTP/1.1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_TRUE(is_http_date(r.header("Date").value_or(""))) << r.header("Date").value_or("(none)");
  EXPECT_EQ(r.header("Server").value_or(""), "portico");
  EXPECT_EQ(r.header("Content-Type").value_or(""), type);
  EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(length));
  EXPECT_TRUE(is_http_date(r.header("Last-Modified").value_or("")))
      << r.header("Last-Modified").value_or("(none)");
  const std::string etag = r.header("ETag").value_or("");
  EXPECT_TRUE(is_strong_etag(etag)) << "not a quoted strong ETag: " << etag;
  for (const char* single : {"Date", "Server", "Content-Type", "Content-Length", "ETag"}) {
    EXPECT_EQ(r.header_count(single), 1u) << single;
  }
}

TEST_F(Response200, HtmlFile) {
  Response r = get("/index.html");
  expect_file_headers(r, "text/html; charset=utf-8", site().content("/index.html").size());
  EXPECT_EQ(r.body, site().content("/index.html"));
}

TEST_F(Response200, TextFile) {
  Response r = get("/a.txt");
  expect_file_headers(r, "text/plain; charset=utf-8", site().content("/a.txt").size());
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(Response200, RootServesIndex) {
  Response r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, site().content("/index.html"));
}

TEST_F(Response200, ETagIsStable) {
  Response first = get("/a.txt");
  Response second = get("/a.txt");
  ASSERT_TRUE(first.header("ETag"));
  EXPECT_EQ(first.header("ETag"), second.header("ETag"));
  EXPECT_EQ(first.header("Last-Modified"), second.header("Last-Modified"));
  EXPECT_NE(get("/index.html").header("ETag"), first.header("ETag"));
}

TEST_F(Response200, HeadHasSameHeadersAndNoBody) {
  Connection c = connect();
  // HEAD then GET in one send: if HEAD carried a body, the GET's response would be misparsed.
  c.send(make_request("HEAD", "/a.txt") + make_request("GET", "/a.txt"));
  Response head = c.read_response(/*head_request=*/true);
  Response full = c.read_response();
  expect_file_headers(head, "text/plain; charset=utf-8", site().content("/a.txt").size());
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.body, site().content("/a.txt"));
  for (const char* name : {"Content-Type", "Content-Length", "Last-Modified", "ETag"}) {
    EXPECT_EQ(head.header(name), full.header(name)) << name;
  }
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200))) << "unexpected bytes after the GET";
}

TEST_F(Response200, HeadOfLargeFileSendsNoBody) {
  Connection c = connect();
  c.send(make_request("HEAD", "/medium.bin") + make_request("GET", "/a.txt"));
  Response head = c.read_response(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length").value_or(""), std::to_string(TempSite::kMediumSize));
  Response next = c.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

}  // namespace
}  // namespace portico::it
