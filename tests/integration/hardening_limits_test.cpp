// The limits.* keys, set low through the config: oversized request parts are refused with the
// documented status, and the connection cap gives way to new clients without spinning.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using hardening::expect_refused;
using std::chrono::milliseconds;

class HardeningLimits : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "limits:\n  request_line: 256\n  header_bytes: 1KiB\n  headers: 8\n";
    return o;
  }
};

TEST_F(HardeningLimits, RequestLineOverTheLimitIs414) {
  Connection c = connect();
  Response within = c.request("GET", "/" + std::string(200, 'a'));
  EXPECT_EQ(within.status, 404);
  expect_refused(std::move(c), make_request("GET", "/" + std::string(300, 'a')), {414});
}

TEST_F(HardeningLimits, HeaderBytesOverTheLimitIs431) {
  Connection c = connect();
  Response within = c.request("GET", "/a.txt", "X-Filler: " + std::string(700, 'x') + "\r\n");
  EXPECT_EQ(within.status, 200);
  expect_refused(std::move(c),
                 make_request("GET", "/a.txt", "X-Filler: " + std::string(1100, 'x') + "\r\n"),
                 {431});
}

TEST_F(HardeningLimits, HeaderCountOverTheLimitIs431) {
  auto headers = [](int n) {
    std::string h;
    for (int i = 0; i < n; ++i) h += "X-H" + std::to_string(i) + ": v\r\n";
    return h;
  };
  Connection c = connect();
  EXPECT_EQ(c.request("GET", "/a.txt", headers(7)).status, 200);  // 8 with Host
  expect_refused(std::move(c), make_request("GET", "/a.txt", headers(12)), {431});
}

constexpr int kCap = 20;

// One worker, so that "the longest-idle connection" is one well-defined connection (each worker
// makes room among its own connections).
class HardeningIdleCap : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.threads = 1;
    o.extra = "limits:\n  max_connections: " + std::to_string(kCap) + "\n";
    return o;
  }
};

TEST_F(HardeningIdleCap, NewClientDisplacesTheLongestIdle) {
  std::vector<Connection> idle;
  for (int i = 0; i < kCap; ++i) {
    idle.push_back(connect());
    ASSERT_EQ(idle.back().request("GET", "/a.txt").status, 200) << "connection " << i;
  }
  Connection late = connect();
  Response r = late.request("GET", "/sub/b.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/b.txt"));
  EXPECT_TRUE(idle[0].wait_closed(std::chrono::seconds(2)))
      << "the longest-idle connection was not closed";
  for (int i = 1; i < kCap; ++i)
    EXPECT_TRUE(idle[static_cast<std::size_t>(i)].stays_open(milliseconds(1)))
        << "connection " << i << " was closed too";
  // The survivors still work.
  EXPECT_EQ(idle[1].request("GET", "/a.txt").status, 200);
  EXPECT_EQ(idle[kCap - 1].request("GET", "/a.txt").status, 200);
}

class HardeningBusyCap : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.header_timeout = "10s";
    o.extra = "limits:\n  max_connections: " + std::to_string(kCap) + "\n";
    return o;
  }
};

TEST_F(HardeningBusyCap, NewClientWaitsInTheBacklogWithoutSpinning) {
  std::vector<Connection> busy;
  for (int i = 0; i < kCap; ++i) {
    busy.push_back(connect());
    busy.back().send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n");  // never finished
  }
  // Every one of them is accepted and reading when the 21st arrives.
  std::this_thread::sleep_for(milliseconds(300));
  Connection late = connect();  // completes in the kernel's backlog
  late.send(make_request("GET", "/sub/b.txt"));

  const double cpu_before = hardening::cpu_seconds(server().pid());
  std::string answer;
  const bool waited = late.stays_open(milliseconds(2000));
  const double cpu = hardening::cpu_seconds(server().pid()) - cpu_before;
  if (!waited && late.wait_closed(milliseconds(500), &answer)) answer += "<EOF>";
  EXPECT_TRUE(waited) << "the 21st connection was answered or closed while every place was "
                         "busy, instead of waiting in the backlog: '"
                      << answer.substr(0, 100) << "'";
  EXPECT_LT(cpu, 0.2) << "the server used " << cpu << " s of CPU in 2 s while waiting";

  busy.erase(busy.begin(), busy.begin() + 5);  // five clients give up: room again
  if (!waited) late = connect();               // (already failed above) go on with a fresh client
  if (!waited) late.send(make_request("GET", "/sub/b.txt"));
  Response r = late.read_response(false, std::chrono::seconds(3));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/b.txt"));
  // The other busy connections were left alone.
  for (std::size_t i = 0; i < busy.size(); ++i)
    EXPECT_TRUE(busy[i].stays_open(milliseconds(1))) << i;
}

}  // namespace
}  // namespace portico::it
