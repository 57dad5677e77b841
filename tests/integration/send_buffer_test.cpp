// A connection sending a large file gets a send buffer above TCP autotuning's ceiling when
// net.core.wmem_max allows one (fewer POLLOUT waits and less CPU per byte); small responses
// leave the buffer to autotuning. The test looks at the server's own socket through
// pidfd_getfd.

#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "server/linux/sysctl.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using SendBuffer = ServerTest;

std::uint16_t local_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
}

// SO_SNDBUF of the server's socket whose peer is our `client` socket; nothing when the server's
// descriptors cannot be reached (no pidfd_getfd, or not permitted).
std::optional<int> server_send_buffer(pid_t server, int client, std::string& why) {
  const std::uint16_t port = local_port(client);
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, server, 0));
  if (pidfd < 0) {
    why = std::string("pidfd_open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::optional<int> found;
  const std::string dir = "/proc/" + std::to_string(server) + "/fd";
  DIR* d = opendir(dir.c_str());
  while (d != nullptr && !found) {
    const dirent* e = readdir(d);
    if (e == nullptr) break;
    const int target = std::atoi(e->d_name);
    if (e->d_name[0] == '.' || target < 3) continue;
    const int fd = static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, target, 0));
    if (fd < 0) {
      why = std::string("pidfd_getfd: ") + std::strerror(errno);
      break;
    }
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0 &&
        peer.ss_family == AF_INET &&
        ntohs(reinterpret_cast<sockaddr_in*>(&peer)->sin_port) == port) {
      int value = 0;
      socklen_t size = sizeof value;
      if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, &size) == 0) found = value;
    }
    ::close(fd);
  }
  if (d != nullptr) closedir(d);
  ::close(pidfd);
  if (!found && why.empty()) why = "the server's socket was not found";
  return found;
}

TEST_F(SendBuffer, LargeFileGetsALargerSendBufferSmallOnesDoNot) {
  const std::uint64_t wmem_max = server::read_sysctl("/proc/sys/net/core/wmem_max", 0);
  const std::uint64_t autotune_max = server::read_sysctl("/proc/sys/net/ipv4/tcp_wmem", 2);
  const std::uint64_t asked = std::min<std::uint64_t>(4 << 20, wmem_max);
  if (2 * asked <= autotune_max)
    GTEST_SKIP() << "net.core.wmem_max " << wmem_max << " allows no more than tcp_wmem's "
                 << autotune_max << ": the server leaves the buffer to autotuning";

  Connection small(host(), port());
  EXPECT_EQ(small.request("GET", "/a.txt").status, 200);
  std::string why;
  const std::optional<int> small_buffer = server_send_buffer(server().pid(), small.fd(), why);
  if (!small_buffer) GTEST_SKIP() << "cannot inspect the server's socket: " << why;
  EXPECT_LE(static_cast<std::uint64_t>(*small_buffer), autotune_max);

  // A 5 MiB file to a client that does not read yet: the transfer is under way.
  Connection large(host(), port(), /*rcvbuf=*/64 * 1024);
  large.send(make_request("GET", "/medium.bin"));
  const Response head = large.read_head();
  ASSERT_EQ(head.status, 200);
  const std::optional<int> large_buffer = server_send_buffer(server().pid(), large.fd(), why);
  ASSERT_TRUE(large_buffer.has_value()) << why;
  EXPECT_EQ(static_cast<std::uint64_t>(*large_buffer), 2 * asked);
  const std::string body = large.read_exact(TempSite::kMediumSize, std::chrono::seconds(30));
  EXPECT_TRUE(body == site().content("/medium.bin"));
}

}  // namespace
}  // namespace portico::it
