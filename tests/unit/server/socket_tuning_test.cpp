// What a ring remembers of the options it set on each socket: a keep-alive connection sets
// TCP_NOTSENT_LOWAT and the large send buffer once, not on every response, and a new
// connection on a reused descriptor starts again from the kernel's defaults.

#include "server/uring/socket_tuning.hpp"

#include <gtest/gtest.h>

namespace portico::server {
namespace {

constexpr int kLimit = 512 << 10;

TEST(SocketTuning, AConnectionSetsTheUnsentLimitOnceForItsResponses) {
  SocketTuning tuning;
  tuning.reset(7);
  EXPECT_TRUE(tuning.change_notsent_lowat(7, kLimit));
  EXPECT_FALSE(tuning.change_notsent_lowat(7, kLimit));
  EXPECT_FALSE(tuning.change_notsent_lowat(7, kLimit));
}

TEST(SocketTuning, RestoringTheDefaultIsAChangeOnlyAfterALimit) {
  SocketTuning tuning;
  tuning.reset(3);
  EXPECT_FALSE(tuning.change_notsent_lowat(3, 0));  // never limited: nothing to undo
  EXPECT_TRUE(tuning.change_notsent_lowat(3, kLimit));
  EXPECT_TRUE(tuning.change_notsent_lowat(3, 0));
  EXPECT_FALSE(tuning.change_notsent_lowat(3, 0));
  EXPECT_TRUE(tuning.change_notsent_lowat(3, kLimit));
}

TEST(SocketTuning, TheLargeSendBufferIsSetOnce) {
  SocketTuning tuning;
  tuning.reset(5);
  EXPECT_TRUE(tuning.change_to_large_buffer(5));
  EXPECT_FALSE(tuning.change_to_large_buffer(5));
  // The buffer and the limit are separate options.
  EXPECT_TRUE(tuning.change_notsent_lowat(5, kLimit));
}

TEST(SocketTuning, ANewConnectionOnAReusedDescriptorStartsFromTheDefaults) {
  SocketTuning tuning;
  tuning.reset(9);
  ASSERT_TRUE(tuning.change_notsent_lowat(9, kLimit));
  ASSERT_TRUE(tuning.change_to_large_buffer(9));
  tuning.reset(9);  // the old connection closed; the kernel gave its number to a new one
  EXPECT_TRUE(tuning.change_notsent_lowat(9, kLimit));
  EXPECT_TRUE(tuning.change_to_large_buffer(9));
  EXPECT_FALSE(tuning.change_notsent_lowat(9, kLimit));
}

TEST(SocketTuning, ConnectionsAreTrackedApart) {
  SocketTuning tuning;
  tuning.reset(4);
  tuning.reset(1000);  // grows the table past the descriptors in between
  ASSERT_TRUE(tuning.change_notsent_lowat(4, kLimit));
  EXPECT_TRUE(tuning.change_notsent_lowat(1000, kLimit));
  EXPECT_FALSE(tuning.change_notsent_lowat(4, kLimit));
  EXPECT_FALSE(tuning.change_notsent_lowat(1000, kLimit));
}

TEST(SocketTuning, AnUnknownDescriptorIsAlwaysSetAndNeverRemembered) {
  SocketTuning tuning;
  EXPECT_TRUE(tuning.change_notsent_lowat(12, kLimit));
  EXPECT_TRUE(tuning.change_notsent_lowat(12, kLimit));
  EXPECT_TRUE(tuning.change_to_large_buffer(-1));
  tuning.reset(-1);  // ignored, like any invalid descriptor
  EXPECT_TRUE(tuning.change_to_large_buffer(-1));
}

}  // namespace
}  // namespace portico::server
