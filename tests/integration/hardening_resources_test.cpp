// Running short of shared resources: receive buffers and a log device.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using std::chrono::milliseconds;

// Two receive buffers for the whole worker: when many connections' requests arrive together,
// most receives find the buffer ring empty (ENOBUFS) and must be re-armed, not lost.
class HardeningReceiveBuffers : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.threads = 1;
    o.extra = "limits:\n  receive_buffers: 2\n";
    return o;
  }
};

TEST_F(HardeningReceiveBuffers, ExhaustedRingIsRefilledAndEveryoneAnswered) {
  constexpr int kClients = 64;
  std::vector<Connection> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(connect());
  for (int round = 0; round < 3; ++round) {
    // Every request is sent before any response is read, so the receives complete together.
    for (Connection& c : clients) c.send(make_request("GET", "/a.txt"));
    for (Connection& c : clients) {
      const Response r = c.read_response();
      ASSERT_EQ(r.status, 200) << "round " << round;
    }
  }
}

// The access log on a device that is always full: serving goes on, and the failure is
// reported, once, in the error log.
class HardeningLogDeviceFull : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.access_log_path = "/dev/full";
    return o;
  }
};

TEST_F(HardeningLogDeviceFull, KeepsServingAndComplainsOnce) {
  expect_error_log();  // the complaint is an error line, on purpose
  Connection c = connect();
  for (int i = 0; i < 200; ++i) ASSERT_EQ(c.request("GET", "/a.txt").status, 200) << i;
  std::this_thread::sleep_for(milliseconds(1500));  // the writer thread flushes at least once
  for (int i = 0; i < 50; ++i) ASSERT_EQ(c.request("GET", "/a.txt").status, 200) << i;
  std::this_thread::sleep_for(milliseconds(1500));
  const std::string err = server().err();
  const std::string complaint = "access log write failed";
  const std::size_t first = err.find(complaint);
  ASSERT_NE(first, std::string::npos) << err;
  EXPECT_EQ(err.find(complaint, first + 1), std::string::npos) << "complained twice:\n" << err;
}

}  // namespace
}  // namespace portico::it
