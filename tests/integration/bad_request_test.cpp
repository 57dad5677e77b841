// Malformed requests are refused with the right status, and the connection is closed.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using BadRequest = ServerTest;

// Sends `request` on a new connection; expects `status`, then the server closing.
void expect_refused(Connection c, const std::string& request, int status) {
  c.send(request);
  Response r = c.read_response();
  EXPECT_EQ(r.status, status);
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing)) << "connection left open";
  EXPECT_EQ(trailing, "");
}

TEST_F(BadRequest, Http11WithoutHost) {
  expect_refused(connect(), "GET /a.txt HTTP/1.1\r\n\r\n", 400);
}

TEST_F(BadRequest, TwoHostHeaders) {
  expect_refused(connect(), "GET /a.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
}

TEST_F(BadRequest, SpaceBeforeColon) {
  expect_refused(connect(), "GET /a.txt HTTP/1.1\r\nHost : x\r\n\r\n", 400);
}

TEST_F(BadRequest, ObsFold) {
  expect_refused(connect(),
                 "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Folded: one\r\n two\r\n\r\n", 400);
}

TEST_F(BadRequest, Http2VersionIs505) {
  expect_refused(connect(), "GET /a.txt HTTP/2.0\r\nHost: localhost\r\n\r\n", 505);
}

TEST_F(BadRequest, LongTargetIs414) {
  const std::string target = "/" + std::string(9 * 1024, 'a');
  expect_refused(connect(), make_request("GET", target), 414);
}

TEST_F(BadRequest, LargeHeaderSectionIs431) {
  std::string headers;
  for (int i = 0; i < 20; ++i) {
    headers += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'x') + "\r\n";
  }
  expect_refused(connect(), make_request("GET", "/a.txt", headers), 431);
}

TEST_F(BadRequest, BadRequestDoesNotDisturbOthers) {
  Connection good = connect();
  EXPECT_EQ(good.request("GET", "/a.txt").status, 200);
  expect_refused(connect(), "GET /a.txt HTTP/1.1\r\n\r\n", 400);
  EXPECT_EQ(good.request("GET", "/a.txt").status, 200);
}

TEST_F(BadRequest, ConflictingContentLengths) {
  expect_refused(
      connect(),
      make_request("POST", "/a.txt", "Content-Length: 3\r\nContent-Length: 5\r\n") + "abcde", 400);
}

// Both Transfer-Encoding and Content-Length: a smuggling vector. RFC 9112 6.1: the server may
// refuse it, and must close the connection after responding in any case.
TEST_F(BadRequest, TransferEncodingWithContentLengthCloses) {
  Connection c = connect();
  c.send(make_request("POST", "/a.txt", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") +
         "0\r\n\r\n" + make_request("GET", "/a.txt"));
  Response r = c.read_response();
  EXPECT_TRUE(r.status == 400 || r.status == 405) << r.status;
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing)) << "connection left open";
  EXPECT_EQ(trailing, "");
}

using RequestTarget = ServerTest;

TEST_F(RequestTarget, AbsoluteFormIsServed) {
  Connection c = connect();
  c.send("GET http://localhost/a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  Response r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

}  // namespace
}  // namespace portico::it
