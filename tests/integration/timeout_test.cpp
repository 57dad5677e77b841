// Timeouts (header 1 s, keep-alive 2 s): slow and idle clients are disconnected, others not.

#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class Timeouts : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.header_timeout = "1s";
    o.keepalive_timeout = "2s";
    return o;
  }
};

std::string ms(Clock::duration d) {
  return std::to_string(std::chrono::duration_cast<milliseconds>(d).count()) + " ms";
}

TEST_F(Timeouts, SlowHeaderIsDisconnected) {
  Connection slow = connect();
  Connection other = connect();
  const std::string request =
      make_request("GET", "/a.txt", "X-Slow: " + std::string(64, 's') + "\r\n");
  Clock::time_point start{};
  bool closed = false;
  int others_served = 0;
  for (std::size_t i = 0; i < request.size(); ++i) {
    if (!slow.try_send(request.substr(i, 1))) {
      closed = true;
      break;
    }
    if (i == 0) start = Clock::now();
    if (!slow.stays_open(milliseconds(300))) {  // an error response, or the close itself
      closed = slow.wait_closed(std::chrono::seconds(3));
      break;
    }
    if (Clock::now() - start > std::chrono::seconds(4)) break;
    // Meanwhile another connection is answered promptly.
    const auto before = Clock::now();
    Response r = other.request("GET", "/a.txt");
    EXPECT_EQ(r.status, 200);
    EXPECT_LT(Clock::now() - before, milliseconds(500)) << "the other connection waited";
    ++others_served;
  }
  const auto elapsed = Clock::now() - start;
  EXPECT_TRUE(closed) << "a slow header was not cut off after " << ms(elapsed);
  EXPECT_GE(elapsed, milliseconds(800)) << "closed after " << ms(elapsed);
  EXPECT_LE(elapsed, milliseconds(3000)) << "closed after " << ms(elapsed);
  EXPECT_GE(others_served, 2);
  EXPECT_EQ(other.request("GET", "/sub/b.txt").status, 200);
}

TEST_F(Timeouts, IdleKeepAliveIsClosed) {
  Connection c = connect();
  ASSERT_EQ(c.request("GET", "/a.txt").status, 200);
  const auto start = Clock::now();
  std::string trailing;
  const bool closed = c.wait_closed(std::chrono::seconds(5), &trailing);
  const auto elapsed = Clock::now() - start;
  EXPECT_TRUE(closed) << "idle connection still open after " << ms(elapsed);
  EXPECT_GE(elapsed, milliseconds(1500)) << "closed after " << ms(elapsed);
  EXPECT_LE(elapsed, milliseconds(4000)) << "closed after " << ms(elapsed);
}

TEST_F(Timeouts, ActiveKeepAliveIsNotClosed) {
  Connection c = connect();
  for (int i = 0; i < 4; ++i) {  // 4 s in all, each pause shorter than the 2 s timeout
    ASSERT_EQ(c.request("GET", "/a.txt").status, 200) << "request " << i;
    std::this_thread::sleep_for(milliseconds(1000));
  }
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
}

TEST_F(Timeouts, SilentConnectionIsClosed) {
  Connection c = connect();
  const auto start = Clock::now();
  const bool closed = c.wait_closed(std::chrono::seconds(5));
  const auto elapsed = Clock::now() - start;
  EXPECT_TRUE(closed) << "a connection that never sent a byte is still open after " << ms(elapsed);
  EXPECT_GE(elapsed, milliseconds(800)) << "closed after " << ms(elapsed);
}

}  // namespace
}  // namespace portico::it
