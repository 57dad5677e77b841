// Hostile clients: many connections trickling a request head (slowloris), and one connection
// pipelining thousands of requests without reading a byte. Others are still served, and the
// server's memory stays bounded.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using hardening::Clock;
using hardening::mib;
using hardening::ms;
using std::chrono::milliseconds;

using HardeningSlowloris = ServerTest;  // timeouts.header: 10s, longer than the attack

TEST_F(HardeningSlowloris, TricklingHeadsDoNotStarveOthers) {
  constexpr int kClients = 300;
  const std::string head = "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
  std::vector<Connection> slow;
  for (int i = 0; i < kClients; ++i) slow.push_back(connect());
  Connection probe = connect();
  int probes = 0;
  int dropped = 0;
  const auto start = Clock::now();
  for (std::size_t tick = 0; Clock::now() - start < std::chrono::seconds(3); ++tick) {
    const auto tick_start = Clock::now();
    const std::string byte(1, tick < head.size() ? head[tick] : 's');
    for (auto& c : slow) dropped += c.try_send(byte) ? 0 : 1;
    const auto before = Clock::now();
    Response r = probe.request("GET", "/a.txt");
    const auto waited = Clock::now() - before;
    EXPECT_EQ(r.status, 200) << "probe " << probes;
    EXPECT_LT(waited, std::chrono::seconds(1)) << "probe " << probes << " waited " << ms(waited);
    ++probes;
    std::this_thread::sleep_until(tick_start + milliseconds(200));
  }
  EXPECT_GE(probes, 10);
  EXPECT_EQ(dropped, 0) << "trickling connections were dropped before timeouts.header";
  slow.clear();  // they give up
  // Newcomers, some of them in the places the trickling clients held, are served normally.
  for (int i = 0; i < 20; ++i) {
    Response r = get("/sub/b.txt");
    EXPECT_EQ(r.status, 200) << "newcomer " << i;
    EXPECT_EQ(r.body, site().content("/sub/b.txt")) << "newcomer " << i;
  }
}

class HardeningPipelineFlood : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    write_file(site().root() / "k1.txt", std::string(1024, 'k'));
  }
};

TEST_F(HardeningPipelineFlood, UnreadResponsesDoNotGrowMemory) {
  const pid_t pid = server().pid();
  ASSERT_EQ(get("/k1.txt").status, 200);  // warm: the file is open and cached
  const std::int64_t rss_before = hardening::rss_bytes(pid);

  constexpr int kRequests = 20000;
  std::string flood;
  for (int i = 0; i < kRequests; ++i) flood += make_request("GET", "/k1.txt");
  Connection flooder = connect();
  const int flags = fcntl(flooder.fd(), F_GETFL);
  fcntl(flooder.fd(), F_SETFL, flags | O_NONBLOCK);

  // Send as much as the server takes for 3 s, reading nothing.
  std::size_t sent = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(3)) {
    if (sent < flood.size()) {
      const ssize_t n =
          ::send(flooder.fd(), flood.data() + sent, flood.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) break;
    }
    pollfd p{flooder.fd(), POLLOUT, 0};
    poll(&p, 1, 50);
  }
  const std::int64_t rss_after = hardening::rss_bytes(pid);
  if (hardening::kRssIsMeaningful) {
    EXPECT_LT(rss_after - rss_before, 16 * 1024 * 1024)
        << "RSS " << mib(rss_before) << " -> " << mib(rss_after) << " with " << sent
        << " request bytes sent";
  }
  EXPECT_GT(sent, 64u * 1024) << "the flood never got going";

  // Meanwhile another client is served at once.
  const auto before = Clock::now();
  Response r = get("/sub/b.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/b.txt"));
  EXPECT_LT(Clock::now() - before, std::chrono::seconds(1)) << ms(Clock::now() - before);

  flooder = Connection(host(), port());  // the flooder goes away with all of it unread
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE(server().running());
  EXPECT_EQ(flooder.request("GET", "/k1.txt").status, 200);
  if (hardening::kRssIsMeaningful) {
    EXPECT_LT(hardening::rss_bytes(pid) - rss_before, 16 << 20);
  }
  std::cout << "[ flood    ] " << sent << " request bytes taken in 3 s; RSS " << mib(rss_before)
            << " -> " << mib(rss_after) << "\n";
}

}  // namespace
}  // namespace portico::it
