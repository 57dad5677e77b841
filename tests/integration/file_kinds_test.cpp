// Dotfiles, symbolic links and files that are not regular.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Dotfiles = ServerTest;

TEST_F(Dotfiles, HiddenFileIsNotFound) {
  Response r = get("/.hidden");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("hidden dotfile"), std::string::npos);
}

TEST_F(Dotfiles, WellKnownIsServed) {
  Response r = get("/.well-known/security.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, site().content("/.well-known/security.txt"));
}

TEST_F(Dotfiles, EncodedDotIsStillHidden) {
  Response r = get("/%2ehidden");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("hidden dotfile"), std::string::npos);
}

using Symlinks = ServerTest;

TEST_F(Symlinks, InsideRootIsServed) {
  Response r = get("/link-in.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(Symlinks, RelativeOutsideRootIsForbidden) {
  Response r = get("/link-out-rel.txt");
  EXPECT_EQ(r.status, 403);
  expect_no_secret(r);
}

TEST_F(Symlinks, AbsoluteOutsideRootIsForbidden) {
  Response r = get("/link-out-abs.txt");
  EXPECT_EQ(r.status, 403);
  expect_no_secret(r);
}

using SpecialFiles = ServerTest;

TEST_F(SpecialFiles, FifoIsForbiddenQuickly) {
  Connection c = connect();
  c.send(make_request("GET", "/fifo"));
  const auto start = std::chrono::steady_clock::now();
  Response r = c.read_response(false, std::chrono::seconds(2));
  EXPECT_EQ(r.status, 403);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // The worker that answered is not stuck: the connection serves another request.
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
}

}  // namespace
}  // namespace portico::it
