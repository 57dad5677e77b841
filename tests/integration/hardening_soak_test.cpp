// A soak: 100,000 mixed requests (GETs, HEADs, 404s, pipelined batches, bad requests that close
// the connection) over 8 concurrent connections, as fast as they go. Every answer is checked,
// and afterwards the server holds no more descriptors than before and its memory is flat.

#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <mutex>
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

constexpr int kClients = 8;
constexpr long kRequests = 100000;
constexpr int kBatch = 10;

struct Tally {
  std::atomic<long> left{0};  // requests still to send in this phase
  std::atomic<long> answered{0};
  std::atomic<long> failures{0};
  std::mutex mutex;
  std::string first_failure;

  void fail(const std::string& what) {
    if (failures++ == 0) {
      std::lock_guard lock(mutex);
      first_failure = what;
    }
  }
};

class HardeningSoak : public ServerTest {
 protected:
  // One client: cycles of a pipelined batch, a GET, a HEAD and a 404 on one connection, and
  // every eighth cycle a bad request, after which the server closes and the client reconnects.
  void client(int id, Tally& tally) {
    try {
      Connection c = connect();
      const std::string a_txt = site().content("/a.txt");
      const std::string medium_length = std::to_string(TempSite::kMediumSize);
      for (long cycle = 0; tally.left.fetch_sub(kBatch + 3) > 0; ++cycle) {
        std::string batch;
        for (int k = 0; k < kBatch; ++k)
          batch += make_request("GET", TempSite::pipeline_path(static_cast<int>(
                                           (cycle * kBatch + k + id) % TempSite::kPipelineFiles)));
        c.send(batch);
        auto responses = c.read_responses(kBatch);
        for (int k = 0; k < kBatch; ++k) {
          const int n = static_cast<int>((cycle * kBatch + k + id) % TempSite::kPipelineFiles);
          if (responses[static_cast<std::size_t>(k)].body != TempSite::pipeline_content(n))
            tally.fail("wrong body for " + TempSite::pipeline_path(n));
        }
        Response get = c.request("GET", "/a.txt");
        if (get.status != 200 || get.body != a_txt) tally.fail("GET /a.txt");
        Response head = c.request("HEAD", "/medium.bin");
        if (head.status != 200 || head.header("Content-Length") != medium_length)
          tally.fail("HEAD /medium.bin");
        Response missing = c.request("GET", "/missing-" + std::to_string(cycle));
        if (missing.status != 404) tally.fail("404 answered " + std::to_string(missing.status));
        tally.answered += kBatch + 3;
        if (cycle % 8 == 7) {
          tally.left--;
          c.send("GET /a.txt HTTP/1.1\r\n\r\n");  // no Host: 400, then closed
          Response bad = c.read_response();
          if (bad.status != 400) tally.fail("bad request answered " + std::to_string(bad.status));
          if (!c.wait_closed(std::chrono::seconds(2))) tally.fail("left open after a 400");
          ++tally.answered;
          c = connect();
        }
      }
    } catch (const std::exception& e) {
      tally.fail(std::string("client ") + std::to_string(id) + ": " + e.what());
    }
  }

  // Runs `requests` over kClients connections, tallying wrong answers.
  void phase(long requests, Tally& tally) {
    tally.left = requests;
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) clients.emplace_back([&, i] { client(i, tally); });
    for (auto& t : clients) t.join();
  }
};

TEST_F(HardeningSoak, HundredThousandMixedRequests) {
  const pid_t pid = server().pid();
  {  // Warm up, so the open-file cache holds what the soak asks for before the baseline.
    Tally warm;
    phase(2000, warm);
    ASSERT_EQ(warm.failures.load(), 0) << warm.first_failure;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int fds_before = hardening::open_fds(pid);
  const std::int64_t rss_before = hardening::rss_bytes(pid);

  Tally tally;
  const auto start = Clock::now();
  phase(kRequests / 2, tally);
  const std::int64_t rss_half = hardening::rss_bytes(pid);
  phase(kRequests / 2, tally);
  const auto elapsed = Clock::now() - start;
  const std::int64_t rss_after = hardening::rss_bytes(pid);

  EXPECT_EQ(tally.failures.load(), 0) << tally.first_failure;
  EXPECT_GE(tally.answered.load(), kRequests);
  EXPECT_LT(elapsed, std::chrono::seconds(60)) << ms(elapsed);
  ASSERT_TRUE(server().running());

  int fds_after = 0;
  const bool settled = hardening::eventually(std::chrono::seconds(3), [&] {
    fds_after = hardening::open_fds(pid);
    return fds_after <= fds_before + 2;
  });
  EXPECT_TRUE(settled) << "descriptors " << fds_before << " before, " << fds_after << " after";
  EXPECT_GE(fds_after, fds_before - 2);
  if (hardening::kRssIsMeaningful) {
    EXPECT_LT(rss_after, rss_before + 32 * 1024 * 1024)
        << "RSS " << mib(rss_before) << " -> " << mib(rss_after);
    EXPECT_LT(rss_after - rss_half, 8 * 1024 * 1024)
        << "RSS grew from " << mib(rss_half) << " to " << mib(rss_after) << " in the second half";
  }
  std::cout << "[ soak     ] " << tally.answered.load() << " requests in " << ms(elapsed)
            << "; fds " << fds_before << " -> " << fds_after << "; RSS " << mib(rss_before)
            << " -> " << mib(rss_half) << " -> " << mib(rss_after) << "\n";
}

}  // namespace
}  // namespace portico::it
