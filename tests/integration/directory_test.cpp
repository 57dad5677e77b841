// Directories: the trailing-slash redirect, index files, 403 without one; 404.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Directory = ServerTest;

TEST_F(Directory, WithoutSlashRedirects) {
  Response r = get("/sub");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("Location").value_or(""), "/sub/");
}

TEST_F(Directory, RedirectKeepsQuery) {
  Response r = get("/sub?x=1");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("Location").value_or(""), "/sub/?x=1");
}

TEST_F(Directory, WithSlashServesIndex) {
  Response r = get("/sub/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, site().content("/sub/index.html"));
}

TEST_F(Directory, QueryIsIgnoredForFiles) {
  Response r = get("/a.txt?download=1&x=%2F");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

TEST_F(Directory, WithoutIndexIsForbidden) {
  Response r = get("/nodir/");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("c.txt"), std::string::npos) << "no directory listings";
}

TEST_F(Directory, MissingFileIs404AndConnectionStaysOpen) {
  Connection c = connect();
  Response r = c.request("GET", "/no-such-file.txt");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.header("Content-Length").has_value());
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("text/html", 0), 0u)
      << r.header("Content-Type").value_or("(none)");
  EXPECT_FALSE(r.body.empty());
  EXPECT_FALSE(r.has_token("Connection", "close"));
  Response after = c.request("GET", "/a.txt");
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, site().content("/a.txt"));
}

TEST_F(Directory, FileWithTrailingSlashIsNotFound) {
  Response r = get("/a.txt/");
  EXPECT_GE(r.status, 400) << "a file is not a directory";
  EXPECT_NE(r.body, site().content("/a.txt"));
}

}  // namespace
}  // namespace portico::it
