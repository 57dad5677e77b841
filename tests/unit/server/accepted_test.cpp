// Accepted owns an accepted socket on its way to a connection: whichever way it is dropped
// (refused, parked and cleared, an allocation failing mid-way) the socket is closed exactly
// once, and a socket handed on with take() is left open. The peer end of a socketpair shows
// which: it reads end-of-stream once the owned end is closed.

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <vector>

#include "server/worker.hpp"
#include "tests/unit/socket_pair.hpp"

namespace portico::server {
namespace {

// `owned` goes into an Accepted, `peer` stays with the test.
using testing::peer_sees_close;
using testing::SocketPair;

TEST(Accepted, ClosesItsSocketWhenDropped) {
  SocketPair p;
  ASSERT_GE(p.owned, 0);
  { Accepted a(p.owned, "127.0.0.1:1"); }
  EXPECT_TRUE(peer_sees_close(p));
}

TEST(Accepted, TakeHandsTheSocketOnOpen) {
  SocketPair p;
  ASSERT_GE(p.owned, 0);
  int taken = -1;
  {
    Accepted a(p.owned, "");
    taken = a.take();
    EXPECT_EQ(a.socket, kInvalidSocket);
  }
  EXPECT_EQ(taken, p.owned);
  EXPECT_FALSE(peer_sees_close(p));
  EXPECT_EQ(fcntl(taken, F_GETFD), FD_CLOEXEC);  // still this process's open descriptor
  close(taken);
  EXPECT_TRUE(peer_sees_close(p));
}

TEST(Accepted, AMoveLeavesOneOwner) {
  SocketPair p;
  ASSERT_GE(p.owned, 0);
  std::vector<Accepted> queue;
  {
    Accepted a(p.owned, "peer");
    queue.push_back(std::move(a));
    EXPECT_EQ(a.socket, kInvalidSocket);  // NOLINT(bugprone-use-after-move): that is the point
  }
  EXPECT_FALSE(peer_sees_close(p)) << "the moved-from Accepted closed the socket";
  // Growing the queue moves its elements again; none of those moves may close anything.
  std::vector<SocketPair> others(8);
  for (SocketPair& o : others) queue.emplace_back(o.owned, "");
  EXPECT_FALSE(peer_sees_close(p));
  EXPECT_EQ(queue.front().peer, "peer");
  queue.clear();  // what shutdown does to the parked queue
  EXPECT_TRUE(peer_sees_close(p));
  for (const SocketPair& o : others) EXPECT_TRUE(peer_sees_close(o));
}

TEST(Accepted, MoveAssignmentClosesTheTargetsOldSocketOnce) {
  SocketPair first, second;
  ASSERT_GE(first.owned, 0);
  ASSERT_GE(second.owned, 0);
  {
    Accepted target(first.owned, "");
    {
      Accepted source(second.owned, "");
      target = std::move(source);
      EXPECT_FALSE(peer_sees_close(second));
    }
    EXPECT_TRUE(peer_sees_close(first)) << "the target's old socket outlived the assignment";
    EXPECT_FALSE(peer_sees_close(second));
  }
  EXPECT_TRUE(peer_sees_close(second));
}

}  // namespace
}  // namespace portico::server
