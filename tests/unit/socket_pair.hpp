#pragma once
// A connected pair of non-blocking Unix sockets for tests that hand one end to server code:
// `owned` goes to the code under test, `peer` stays with the test, and the peer end shows
// whether the owned end was closed: it reads end-of-stream once it is.

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>

namespace portico::testing {

struct SocketPair {
  int owned = -1;
  int peer = -1;
  SocketPair() {
    std::array<int, 2> fds{};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds.data()) == 0) {
      owned = fds[0];
      peer = fds[1];
    }
  }
  ~SocketPair() {
    if (peer >= 0) close(peer);
  }
  SocketPair(const SocketPair&) = delete;
  SocketPair& operator=(const SocketPair&) = delete;
};

// The peer end's view: 0 once the owned end is closed, -1 with EAGAIN while it is open.
inline bool peer_sees_close(const SocketPair& p) {
  char byte = 0;
  const ssize_t n = recv(p.peer, &byte, 1, MSG_DONTWAIT);
  if (n == 0) return true;
  EXPECT_EQ(n, -1);
  EXPECT_EQ(errno, EAGAIN);
  return false;
}

}  // namespace portico::testing
