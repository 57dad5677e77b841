// Clients that misbehave or come in numbers: the server keeps serving everyone else.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Robustness = ServerTest;

TEST_F(Robustness, ClientClosesMidDownload) {
  for (int i = 0; i < 3; ++i) {
    Connection c = connect();
    c.send(make_request("GET", "/medium.bin"));
    ASSERT_EQ(c.read_head().status, 200);
    c.recv_some(4096);
  }  // each closes with most of the body unread
  EXPECT_EQ(get("/a.txt").body, site().content("/a.txt"));
}

TEST_F(Robustness, ClientResetsMidDownload) {
  {
    Connection c = connect();
    c.send(make_request("GET", "/medium.bin"));
    ASSERT_EQ(c.read_head().status, 200);
    c.recv_some(4096);
    linger hard{1, 0};  // close() sends RST
    setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  }
  EXPECT_EQ(get("/a.txt").body, site().content("/a.txt"));
}

TEST_F(Robustness, ClientClosesBeforeReading) {
  {
    Connection c = connect();
    c.send(make_request("GET", "/medium.bin") + make_request("GET", "/a.txt"));
  }
  EXPECT_EQ(get("/a.txt").body, site().content("/a.txt"));
}

TEST_F(Robustness, HalfClosedClientStillGetsResponse) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt"));
  ::shutdown(c.fd(), SHUT_WR);
  Response r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(3)));
}

TEST_F(Robustness, ManyConcurrentClients) {
  constexpr int kClients = 32;
  constexpr int kRequests = 10;
  std::atomic<int> served{0};
  std::vector<std::string> errors(kClients);
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      try {
        Connection c(host(), port());
        for (int i = 0; i < kRequests; ++i) {
          const int n = (t * kRequests + i) % TempSite::kPipelineFiles;
          Response r = c.request("GET", TempSite::pipeline_path(n));
          if (r.status != 200 || r.body != TempSite::pipeline_content(n)) {
            errors[static_cast<std::size_t>(t)] = "wrong response to " + TempSite::pipeline_path(n);
            return;
          }
          ++served;
        }
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(t)] = e.what();
      }
    });
  }
  for (auto& c : clients) c.join();
  for (int t = 0; t < kClients; ++t) {
    EXPECT_EQ(errors[static_cast<std::size_t>(t)], "") << "client " << t;
  }
  EXPECT_EQ(served.load(), kClients * kRequests);
}

TEST_F(Robustness, ManyIdleConnectionsDoNotBlockService) {
  std::vector<Connection> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(connect());
  EXPECT_EQ(get("/a.txt").body, site().content("/a.txt"));
}

TEST_F(Robustness, EncodedFileNames) {
  Response spaced = get("/with%20space.txt");
  EXPECT_EQ(spaced.status, 200);
  EXPECT_EQ(spaced.body, site().content("/with space.txt"));
  Response utf8 = get("/caf%C3%A9.txt");
  EXPECT_EQ(utf8.status, 200);
  EXPECT_EQ(utf8.body, site().content("/caf\xc3\xa9.txt"));
}

}  // namespace
}  // namespace portico::it
