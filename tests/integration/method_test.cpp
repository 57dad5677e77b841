// Methods: GET, HEAD and OPTIONS are served; other known methods are 405, unknown ones 501.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

class NotAllowed : public ServerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(NotAllowed, Is405WithAllow) {
  Connection c = connect();
  Response r = c.request(GetParam(), "/a.txt", "Content-Length: 0\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow").value_or(""), "GET, HEAD, OPTIONS");
  EXPECT_NE(r.body, site().content("/a.txt"));
}

INSTANTIATE_TEST_SUITE_P(Methods, NotAllowed,
                         ::testing::Values("POST", "PUT", "DELETE", "PATCH", "TRACE"),
                         [](const auto& info) { return std::string(info.param); });

using Methods = ServerTest;

TEST_F(Methods, UnknownMethodIs501) {
  Response r = exchange(make_request("FOO", "/a.txt"));
  EXPECT_EQ(r.status, 501);
}

TEST_F(Methods, OptionsIs204WithAllow) {
  Connection c = connect();
  c.send(make_request("OPTIONS", "/index.html") + make_request("GET", "/a.txt"));
  Response r = c.read_response();
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Allow").value_or(""), "GET, HEAD, OPTIONS");
  // A 204 has no body: the next response on the connection starts right after the head.
  Response next = c.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

// A refused request with a body: the server either skips the body and answers the next
// request, or says `Connection: close` and closes. Never is the body taken for a request.
TEST_F(Methods, PostBodyIsNotParsedAsARequest) {
  Connection c = connect();
  const std::string smuggled = make_request("GET", "/sub/b.txt");
  c.send(make_request("POST", "/a.txt",
                      "Content-Length: " + std::to_string(smuggled.size()) + "\r\n") +
         smuggled + make_request("GET", "/a.txt"));
  Response refused = c.read_response();
  EXPECT_EQ(refused.status, 405);
  if (refused.has_token("Connection", "close")) {
    std::string trailing;
    EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing));
    EXPECT_EQ(trailing, "");
    return;
  }
  Response next = c.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt")) << "the POST body was parsed as a request";
}

}  // namespace
}  // namespace portico::it
