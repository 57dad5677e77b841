// What a client sends while its response is still going out: the receive stays armed across
// requests (multishot), so those bytes are read ahead, but only up to limits.header_bytes; then
// the server stops reading until the response is out, and answers everything in order.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "tests/integration/digest.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

// With big64.bin: a response that neither socket buffer can hold.
class ReadAheadLarge : public ServerTest {
 protected:
  SiteOptions site_options() const override { return {.large_file = true}; }
};

// Requests of about 3 KiB each, so a few thousand fill several MiB.
std::string padded_request() {
  return make_request("GET", "/a.txt", "X-Pad: " + std::string(3000, 'p') + "\r\n");
}

TEST_F(ReadAheadLarge, StopsReadingWhileAResponseIsPendingThenAnswersEverything) {
  constexpr std::size_t kRequests = 5000;  // ~15 MiB: far beyond what socket buffers hold
  const std::string request = padded_request();
  const std::string expected = site().content("/big64.bin");
  Connection c(host(), port(), /*rcvbuf=*/64 * 1024);
  const int sndbuf = 64 * 1024;
  ::setsockopt(c.fd(), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  // A 64 MiB response the client does not read yet keeps the server sending.
  c.send(make_request("GET", "/big64.bin"));

  std::atomic<std::size_t> sent{0};
  std::atomic<bool> failed{false};
  std::thread sender([&] {
    for (std::size_t i = 0; i < kRequests; ++i) {
      if (!c.try_send(request)) {
        failed = true;
        return;
      }
      sent += request.size();
    }
  });
  // However the test ends, the sender is unblocked and joined.
  struct Join {
    std::thread& t;
    int fd;
    ~Join() {
      if (!t.joinable()) return;
      ::shutdown(fd, SHUT_RDWR);
      t.join();
    }
  } join{sender, c.fd()};
  // A server that kept reading would take all of it; a bounded one stops the sender.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const std::size_t after_1s = sent.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const std::size_t after_1500ms = sent.load();
  EXPECT_LT(after_1500ms, kRequests * request.size());
  EXPECT_EQ(after_1s, after_1500ms) << "the client could still send: the server read ahead";

  Response big = c.read_head();
  EXPECT_EQ(big.status, 200);
  ASSERT_EQ(big.header("Content-Length").value_or(""), std::to_string(expected.size()));
  EXPECT_EQ(compare_bytes(expected, c.read_large_body(expected.size())), "equal");
  // Reading resumes after the response: every pipelined request is answered, in order.
  const std::string small = site().content("/a.txt");
  for (std::size_t i = 0; i < kRequests; ++i) {
    Response r = c.read_response(false, std::chrono::seconds(30));
    ASSERT_EQ(r.status, 200) << "response " << i;
    ASSERT_EQ(r.body, small) << "response " << i;
  }
  sender.join();
  EXPECT_FALSE(failed.load());
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200)));
}

// End of stream read while a response is pending: the requests already sent are answered,
// then the server closes.
TEST_F(ReadAheadLarge, ClientHalfClosesDuringALargeResponse) {
  const std::string expected = site().content("/big64.bin");
  Connection c(host(), port(), /*rcvbuf=*/64 * 1024);
  c.send(make_request("GET", "/big64.bin") + make_request("GET", "/a.txt"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the response is under way
  ::shutdown(c.fd(), SHUT_WR);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Response big = c.read_head();
  EXPECT_EQ(big.status, 200);
  ASSERT_EQ(big.header("Content-Length").value_or(""), std::to_string(expected.size()));
  EXPECT_EQ(compare_bytes(expected, c.read_large_body(expected.size())), "equal");
  Response small = c.read_response();
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.body, site().content("/a.txt"));
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(3)));
}

}  // namespace
}  // namespace portico::it
