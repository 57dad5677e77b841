// Listening on the IPv6 loopback.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/integration/http_client.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/temp_site.hpp"

namespace portico::it {
namespace {

bool ipv6_loopback_available() {
  int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_addr = in6addr_loopback;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

TEST(Ipv6, ServesOnLoopback) {
  if (!ipv6_loopback_available()) GTEST_SKIP() << "::1 is not available";
  TempSite site;
  ServerProcess server(site.server_args({}, "[::1]:0"));
  EXPECT_EQ(server.host(), "::1");
  ASSERT_NE(server.port(), 0);
  Connection c(server.host(), server.port());
  Response r = c.request("GET", "/a.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site.content("/a.txt"));
  EXPECT_EQ(c.request("GET", "/sub/").body, site.content("/sub/index.html"));
  EXPECT_TRUE(server.terminate().success()) << server.err();
}

}  // namespace
}  // namespace portico::it
