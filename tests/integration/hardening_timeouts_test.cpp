// timeouts.send with timeouts.min_send_rate cut off a reader that takes a few bytes at a time
// without hurting a normal download; timeouts.shutdown bounds how long SIGTERM waits for one.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>

#include "tests/integration/digest.hpp"
#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using hardening::Clock;
using hardening::ms;
using std::chrono::milliseconds;

class HardeningSendRate : public ServerTest {
 protected:
  SiteOptions site_options() const override { return {.large_file = true}; }
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "timeouts:\n  send: 1s\n  min_send_rate: 4KiB\n";
    return o;
  }
};

TEST_F(HardeningSendRate, TricklingReaderIsCutOff) {
  Connection c(host(), port(), /*rcvbuf=*/4096);
  c.send(make_request("GET", "/big64.bin"));
  // Read raw, 32 bytes every 500 ms: 64 B/s, far below 4 KiB/s.
  std::size_t received = 0;
  char buf[32];
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(8)) {
    const ssize_t n = ::recv(c.fd(), buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) received += static_cast<std::size_t>(n);
    if (n == 0) break;
    // The server logs when it gives up (the bytes it had queued are still on their way); that
    // only ends the wait early, the reads below decide.
    if (server().err().find("min_send_rate") != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(500));
  }
  const auto elapsed = Clock::now() - start;
  // Now read fast: a connection still being served would deliver all 64 MiB in moments; a
  // closed one only what was already queued, then EOF.
  int error = 0;
  received += hardening::read_until_eof(c.fd(), std::chrono::seconds(5), &error).size();
  EXPECT_TRUE(error == 0 || error == ECONNRESET) << "still open: " << std::strerror(error);
  EXPECT_LT(received, TempSite::kLargeSize / 4)
      << "the slow reader got " << received << " bytes; trickled for " << ms(elapsed);
}

TEST_F(HardeningSendRate, FastDownloadCompletes) {
  const std::string expected = site().content("/big64.bin");
  Connection c = connect();
  c.send(make_request("GET", "/big64.bin"));
  ASSERT_EQ(c.read_head().status, 200);
  // Not read_response(): a reader stalled by its own string's growth would look, to a 1 s
  // timeouts.send, like the stalled client this suite cuts off.
  const std::string body = c.read_large_body(expected.size());
  EXPECT_EQ(hex(fnv1a64(body)), hex(fnv1a64(expected)));
  EXPECT_EQ(compare_bytes(expected, body), "equal");
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
}

TEST_F(HardeningSendRate, SteadyReaderIsJudgedByWhatItTook) {
  // 160 KiB/s is 40 times the minimum, but the socket buffers between the server and this
  // reader hold MiBs: the server is woken to send more only after the reader has drained much of
  // them, seconds apart. The rate must count what the reader took, not what the server queued.
  const std::string expected = site().content("/big64.bin");
  Connection c = connect();
  c.send(make_request("GET", "/big64.bin"));
  ASSERT_EQ(c.read_head().status, 200);
  std::string body;
  body.reserve(expected.size());
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(5)) {
    body += c.read_exact(16 * 1024);
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(server().err().find("min_send_rate"), std::string::npos) << server().err();
  body += c.read_large_body(expected.size() - body.size());
  EXPECT_EQ(compare_bytes(expected, body), "equal");
}

class HardeningShutdownTimeout : public ServerTest {
 protected:
  SiteOptions site_options() const override { return {.large_file = true}; }
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "timeouts:\n  shutdown: 1s\n";
    return o;
  }
};

TEST_F(HardeningShutdownTimeout, StalledDownloadDoesNotHoldTheExit) {
  Connection c(host(), port(), /*rcvbuf=*/4096);
  c.send(make_request("GET", "/big64.bin"));
  ASSERT_EQ(c.read_head().status, 200);
  std::this_thread::sleep_for(milliseconds(300));  // the server now waits for the socket
  const auto start = Clock::now();
  server().signal(SIGTERM);
  auto status = server().wait(std::chrono::seconds(3));
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(status.has_value()) << "still running 3 s after SIGTERM";
  EXPECT_TRUE(status->success()) << status->describe() << "\n" << server().err();
  EXPECT_GE(elapsed, milliseconds(800)) << "the download was not given timeouts.shutdown";
  EXPECT_LT(elapsed, milliseconds(3000)) << ms(elapsed);
}

}  // namespace
}  // namespace portico::it
