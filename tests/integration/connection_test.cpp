// Persistent connections: HTTP/1.1 keep-alive, HTTP/1.0, Connection: close.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Persistence = ServerTest;

TEST_F(Persistence, Http11KeepsConnectionOpen) {
  Connection c = connect();
  for (int i = 0; i < 5; ++i) {
    const std::string path = i % 2 ? "/a.txt" : "/sub/b.txt";
    Response r = c.request("GET", path);
    EXPECT_EQ(r.status, 200) << "request " << i;
    EXPECT_EQ(r.body, site().content(path)) << "request " << i;
    EXPECT_FALSE(r.has_token("Connection", "close")) << "request " << i;
  }
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(300)));
}

TEST_F(Persistence, Http10ClosesAfterResponse) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "", "HTTP/1.0"));
  Response r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
  EXPECT_FALSE(r.has_token("Connection", "keep-alive"));
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing));
  EXPECT_EQ(trailing, "");
}

TEST_F(Persistence, Http10KeepAliveStaysOpen) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "Connection: keep-alive\r\n", "HTTP/1.0"));
  Response first = c.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(first.has_token("Connection", "keep-alive"));
  EXPECT_EQ(first.body, site().content("/a.txt"));
  c.send(make_request("GET", "/sub/b.txt", "Connection: keep-alive\r\n", "HTTP/1.0"));
  Response second = c.read_response();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, site().content("/sub/b.txt"));
}

TEST_F(Persistence, Http11ConnectionCloseCloses) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "Connection: close\r\n"));
  Response r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.has_token("Connection", "close"));
  EXPECT_EQ(r.body, site().content("/a.txt"));
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing));
  EXPECT_EQ(trailing, "");
}

TEST_F(Persistence, RequestsAfterCloseAreIgnored) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "Connection: close\r\n") +
         make_request("GET", "/sub/b.txt"));
  Response r = c.read_response();
  EXPECT_EQ(r.body, site().content("/a.txt"));
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing));
  EXPECT_EQ(trailing, "") << "answered a request pipelined after Connection: close";
}

}  // namespace
}  // namespace portico::it
