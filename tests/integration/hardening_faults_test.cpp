// Faults from outside: running out of descriptors, a file changed while it is being sent,
// clients that reset or vanish in the middle of a request.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/integration/digest.hpp"
#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using hardening::Clock;
using std::chrono::milliseconds;

using HardeningFdLimit = ServerTest;

TEST_F(HardeningFdLimit, OutOfDescriptorsKeepsServing) {
  const pid_t pid = server().pid();
  ASSERT_LT(hardening::open_fds(pid), 40) << "the server already holds too many descriptors";
  const rlimit low{64, 64};  // as `prlimit --nofile=64:64` would start it
  ASSERT_EQ(prlimit(pid, RLIMIT_NOFILE, &low, nullptr), 0) << std::strerror(errno);

  Connection keep = connect();
  ASSERT_EQ(keep.request("GET", "/a.txt").status, 200);
  std::vector<Connection> flood;
  for (int i = 0; i < 100; ++i) flood.push_back(connect());  // beyond 64: some stay queued
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_TRUE(server().running());
  EXPECT_GE(hardening::open_fds(pid), 60) << "the descriptor limit was never reached";

  // The open connection is still answered: OPTIONS needs no file; a file may be refused (503)
  // while no descriptor is free, but never left unanswered.
  for (int i = 0; i < 3; ++i) {
    keep.send("OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(keep.read_response(false, std::chrono::seconds(2)).status, 204) << i;
  }
  keep.send(make_request("GET", "/a.txt"));
  const Response file = keep.read_response(false, std::chrono::seconds(2));
  EXPECT_TRUE(file.status == 200 || file.status == 503) << file.status;

  const double cpu_before = hardening::cpu_seconds(pid);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double cpu = hardening::cpu_seconds(pid) - cpu_before;
  EXPECT_LT(cpu, 0.3) << "the server used " << cpu << " s of CPU in 2 s out of descriptors";

  flood.clear();
  Connection fresh = connect();
  fresh.send(make_request("GET", "/sub/b.txt"));
  Response r = fresh.read_response(false, std::chrono::seconds(3));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/b.txt"));
  EXPECT_TRUE(server().running());
}

class HardeningFileChanges : public ServerTest {
 protected:
  static constexpr std::size_t kSize = 32 * 1024 * 1024;
  static constexpr std::size_t kPrefix = 300 * 1024;

  void SetUp() override {
    ServerTest::SetUp();
    original_ = pseudo_random_bytes(kSize, 32);
    write_file(path(), original_);
  }
  std::filesystem::path path() { return site().root() / "change.bin"; }

  // A slow reader: a small receive buffer, and the first few hundred KiB read.
  Connection start_download(std::string& body) {
    Connection c(host(), port(), /*rcvbuf=*/64 * 1024);
    c.send(make_request("GET", "/change.bin"));
    Response head = c.read_head();
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length").value_or(""), std::to_string(kSize));
    body = c.read_exact(kPrefix);
    return c;
  }

  std::string original_;
};

// Where `received` first differs from `original`, "" if nowhere. From `zero_from` on, a 4 KiB
// block may also be all zeros (see below).
std::string first_difference(const std::string& original, const std::string& received,
                             std::size_t zero_from) {
  constexpr std::size_t kBlock = 4096;
  for (std::size_t at = 0; at < received.size(); at += kBlock) {
    const std::size_t n = std::min(kBlock, received.size() - at);
    const std::string_view got(received.data() + at, n);
    if (got == std::string_view(original.data() + at, n)) continue;
    if (at >= zero_from && got.find_first_not_of('\0') == std::string_view::npos) continue;
    return "differs in the block at offset " + std::to_string(at);
  }
  return "";
}

TEST_F(HardeningFileChanges, TruncatedFileSendsAPrefixThenCloses) {
  constexpr std::size_t kNewSize = 1024 * 1024;
  std::string body;
  Connection c = start_download(body);
  std::filesystem::resize_file(path(), kNewSize);
  std::string rest;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(10), &rest)) << "left open";
  body += rest;
  EXPECT_LT(body.size(), kSize) << "more than the file holds now";
  // Everything below the new size is the original. Beyond it only bytes the server handed to
  // sendfile before the truncation can arrive, and sendfile sends page-cache pages by reference:
  // when the truncation zeroes the part of a (large) folio past the new end, those zeros are
  // what leaves. Anything else (other data, padding after the close) fails.
  EXPECT_EQ(first_difference(original_, body, kNewSize), "")
      << "received " << body.size() << " bytes; "
      << compare_bytes(original_.substr(0, body.size()), body);
  EXPECT_EQ(get("/a.txt").status, 200);
}

TEST_F(HardeningFileChanges, AppendedFileSendsTheAnnouncedLength) {
  std::string body;
  Connection c = start_download(body);
  {
    std::ofstream f(path(), std::ios::binary | std::ios::app);
    const std::string more = pseudo_random_bytes(2 * 1024 * 1024, 99);
    f.write(more.data(), static_cast<std::streamsize>(more.size()));
  }
  body += c.read_exact(kSize - kPrefix, std::chrono::seconds(20));
  EXPECT_EQ(compare_bytes(original_, body), "equal");
  // Nothing beyond Content-Length: the next response starts right where the body ended.
  Response next = c.request("GET", "/a.txt");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

TEST_F(HardeningFileChanges, ReplacedFileSendsTheOldContent) {
  std::string body;
  Connection c = start_download(body);
  const std::filesystem::path replacement = site().root() / "change.new";
  write_file(replacement, pseudo_random_bytes(2 * 1024 * 1024, 7));
  std::filesystem::rename(replacement, path());
  body += c.read_exact(kSize - kPrefix, std::chrono::seconds(20));
  EXPECT_EQ(compare_bytes(original_, body), "equal");
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
}

using HardeningReset = ServerTest;

// The close at the end of the scope sends an RST instead of a FIN.
void reset_on_close(const Connection& c) {
  linger hard{1, 0};
  setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

TEST_F(HardeningReset, ResetsInEveryPhaseLeaveTheServerUp) {
  for (int i = 0; i < 3; ++i) {
    {  // while the server waits to send more of a large file
      Connection c(host(), port(), /*rcvbuf=*/4096);
      c.send(make_request("GET", "/medium.bin"));
      ASSERT_EQ(c.read_head().status, 200);
      std::this_thread::sleep_for(milliseconds(50));
      reset_on_close(c);
    }
    {  // with pipelined requests unanswered
      Connection c = connect();
      c.send(make_request("GET", "/medium.bin") + make_request("GET", "/a.txt") +
             make_request("HEAD", "/medium.bin"));
      reset_on_close(c);
    }
    {  // while the server lingers after Connection: close
      Connection c = connect();
      c.send(make_request("GET", "/a.txt", "Connection: close\r\n") + "trailing junk");
      c.read_response();
      reset_on_close(c);
    }
    {  // in the middle of a request head
      Connection c = connect();
      c.send("GET /a.txt HTTP/1.1\r\nHost: loc");
      reset_on_close(c);
    }
  }
  std::this_thread::sleep_for(milliseconds(200));
  ASSERT_TRUE(server().running()) << server().wait(milliseconds(0))->describe();
  Response r = get("/sub/b.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/b.txt"));
}

// What one client leaves in its connection must never reach the next client. With one worker
// the next connection reuses the place the last one freed.
struct LeftBehind {
  const char* name;
  std::string bytes;
  bool answered;  // the server answers (and then closes) before the client goes away
};

void PrintTo(const LeftBehind& l, std::ostream* os) {
  *os << l.name;
}

class HardeningReuse : public ServerTest, public ::testing::WithParamInterface<LeftBehind> {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.threads = 1;
    return o;
  }
};

TEST_P(HardeningReuse, NextClientStartsClean) {
  {
    Connection first = connect();
    first.send(GetParam().bytes);
    if (GetParam().answered) first.read_response(false, std::chrono::seconds(2));
    std::this_thread::sleep_for(milliseconds(100));
  }
  std::this_thread::sleep_for(milliseconds(200));  // the server sees the close
  for (int i = 0; i < 3; ++i) {
    Connection next = connect();
    next.send(make_request("GET", "/sub/b.txt"));
    Response r = next.read_response(false, std::chrono::seconds(2));
    EXPECT_EQ(r.status, 200) << "client " << i;
    EXPECT_EQ(r.body, site().content("/sub/b.txt")) << "client " << i;
  }
  EXPECT_TRUE(server().running());
}

INSTANTIATE_TEST_SUITE_P(
    Hardening, HardeningReuse,
    ::testing::Values(
        LeftBehind{"Complete", make_request("GET", "/a.txt", "Connection: close\r\n"), true},
        LeftBehind{"BadRequest", "GET /a.txt HTTP/1.1\r\n\r\n", true},
        LeftBehind{"UnsupportedVersion", "GET /a.txt HTTP/2.0\r\nHost: x\r\n\r\n", true},
        LeftBehind{"PartialRequestLine", "GET /a.t", false},
        LeftBehind{"PartialHead", "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Partial: 1", false},
        LeftBehind{"PartialBody", make_request("GET", "/a.txt", "Content-Length: 10\r\n") + "abc",
                   false},
        LeftBehind{"PartialChunk",
                   make_request("GET", "/a.txt", "Transfer-Encoding: chunked\r\n") + "10\r\nab",
                   false},
        LeftBehind{"ExpectContinue",
                   make_request("GET", "/a.txt", "Content-Length: 10\r\nExpect: 100-continue\r\n"),
                   true},
        LeftBehind{"PostBeforeBody", make_request("POST", "/a.txt", "Content-Length: 5\r\n"),
                   true}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace portico::it
