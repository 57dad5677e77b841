// How much sendfile one transmit may do per wake-up of the io_uring worker before the other
// connections get their turn: bulk ranges (the ones that also get a large send buffer) take 3 MiB
// turns, everything else 1 MiB turns, so a 1 MiB response goes to its socket in one call.

#include <gtest/gtest.h>

#include "server/uring/uring_port.hpp"

namespace portico::server {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;

TEST(SendfileTurn, MidSizeFilesGoOutAMebibyteATurn) {
  EXPECT_EQ(UringPort::sendfile_turn(64 * kKiB), 1 * kMiB);
  EXPECT_EQ(UringPort::sendfile_turn(1 * kMiB), 1 * kMiB);
  EXPECT_EQ(UringPort::sendfile_turn(4 * kMiB - 1), 1 * kMiB);
}

TEST(SendfileTurn, BulkRangesFillTheSocketPerTurn) {
  EXPECT_EQ(UringPort::sendfile_turn(4 * kMiB), 3 * kMiB);
  EXPECT_EQ(UringPort::sendfile_turn(100 * kMiB), 3 * kMiB);
  EXPECT_EQ(UringPort::sendfile_turn(std::uint64_t{1} << 40), 3 * kMiB);
}

}  // namespace
}  // namespace portico::server
