// How much sendfile one transmit may do per wake-up of the io_uring worker before the other
// connections get their turn: bulk ranges (the ones that also get a large send buffer) take 3 MiB
// turns, everything else 1 MiB turns. And how much unsent data a transmit lets its socket hold
// (TCP_NOTSENT_LOWAT): 512 KiB for mid-size ranges, the system's default for bulk.

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

TEST(NotsentLowat, RangesThatFitUnderTheLimitLeaveTheSocketAlone) {
  EXPECT_EQ(UringPort::notsent_lowat(0), std::nullopt);
  EXPECT_EQ(UringPort::notsent_lowat(64 * kKiB), std::nullopt);
  EXPECT_EQ(UringPort::notsent_lowat(512 * kKiB), std::nullopt);
}

TEST(NotsentLowat, MidSizeRangesKeepHalfAMebibyteUnsent) {
  EXPECT_EQ(UringPort::notsent_lowat(512 * kKiB + 1), std::optional<int>(512 * 1024));
  EXPECT_EQ(UringPort::notsent_lowat(1 * kMiB), std::optional<int>(512 * 1024));
  EXPECT_EQ(UringPort::notsent_lowat(4 * kMiB - 1), std::optional<int>(512 * 1024));
}

TEST(NotsentLowat, BulkRangesRestoreTheSystemDefault) {
  // 0 undoes what a mid-size response set earlier on the same keep-alive connection.
  EXPECT_EQ(UringPort::notsent_lowat(4 * kMiB), std::optional<int>(0));
  EXPECT_EQ(UringPort::notsent_lowat(100 * kMiB), std::optional<int>(0));
}

}  // namespace
}  // namespace portico::server
