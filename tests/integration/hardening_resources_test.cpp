// Running short of shared resources: receive buffers and a log device.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
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

// The server's address space capped just above what it uses, then many connections each
// sending a large request head: allocations fail. Each failure costs that one connection (it is
// closed, or answered 503), never the server; with the cap lifted, service resumes.
class HardeningAllocationFailure : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.threads = 1;
    o.extra = "limits:\n  header_bytes: 2MiB\n";
    return o;
  }
};

std::uint64_t vm_size_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  std::uint64_t kib = 0;
  while (status >> key) {
    if (key == "VmSize:") {
      status >> kib;
      return kib * 1024;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

// Under a sanitizer the server's allocator is the sanitizer's, which reports running out of
// memory itself (and reserves terabytes of address space for its shadow).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kPlainAllocator = false;
#else
constexpr bool kPlainAllocator = true;
#endif

TEST_F(HardeningAllocationFailure, ClosesConnectionsNotTheServer) {
  if (!kPlainAllocator) GTEST_SKIP() << "the sanitizer's allocator handles out-of-memory itself";
  expect_error_log();  // "allocation failed" is an error line, on purpose
  const pid_t pid = server().pid();
  ASSERT_EQ(get("/a.txt").status, 200);
  const std::uint64_t used = vm_size_bytes(pid);
  ASSERT_GT(used, 0u);
  // The soft limit only: lifting it again needs no privilege.
  const rlimit cap{used + (512 << 10), RLIM_INFINITY};
  ASSERT_EQ(prlimit(pid, RLIMIT_AS, &cap, nullptr), 0) << std::strerror(errno);

  // 100 connections, each holding a 1 MB head the parser must keep until its last line comes:
  // more than a malloc arena's 64 MiB reserve, so memory must be mapped anew, and the cap
  // bites.
  const std::string head =
      make_request("GET", "/a.txt", "X-Big: " + std::string(1000000, 'b') + "\r\n");
  std::vector<Connection> clients;
  for (int i = 0; i < 100; ++i) {
    clients.push_back(connect());
    clients.back().try_send(head.substr(0, head.size() - 2));
  }
  // A send returns once the bytes are in the kernel's buffers; give the server time to take
  // every head into its own memory before any of them completes (a server that reads quickly
  // finishes the first heads before the last ones are read, and may never reach the cap).
  std::this_thread::sleep_for(milliseconds(500));
  for (Connection& c : clients) c.try_send("\r\n");
  int answered = 0, closed = 0;
  for (Connection& c : clients) {
    const std::string reply = c.recv_some(64, milliseconds(5000));
    if (reply.starts_with("HTTP/1.1 200") || reply.starts_with("HTTP/1.1 503")) {
      ++answered;
    } else {
      EXPECT_TRUE(reply.empty()) << reply;
      ++closed;
    }
  }
  EXPECT_GT(closed, 0) << "no allocation failed: the test did not test anything";
  clients.clear();

  const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  ASSERT_EQ(prlimit(pid, RLIMIT_AS, &unlimited, nullptr), 0) << std::strerror(errno);
  EXPECT_EQ(kill(pid, 0), 0) << "the server died";
  EXPECT_TRUE(
      hardening::eventually(milliseconds(3000), [&] { return get("/a.txt").status == 200; }));
  RecordProperty("answered", answered);
  RecordProperty("closed", closed);
}

}  // namespace
}  // namespace portico::it
