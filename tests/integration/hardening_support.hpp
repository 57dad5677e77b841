#pragma once
// What the hardening tests measure from outside the server: its CPU time, resident memory and
// open descriptors (from /proc), and a few raw-socket helpers.

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_client.hpp"

namespace portico::it::hardening {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The server is built with the same flags as the tests. AddressSanitizer keeps freed memory in
// quarantine (up to 256 MiB), so resident memory there says nothing about leaks or bounds: the
// memory checks only report it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kRssIsMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kRssIsMeaningful = false;
#else
inline constexpr bool kRssIsMeaningful = true;
#endif
#else
inline constexpr bool kRssIsMeaningful = true;
#endif

inline std::string read_proc(pid_t pid, const char* what) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/" + what);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// utime + stime of the whole process, in seconds.
inline double cpu_seconds(pid_t pid) {
  const std::string stat = read_proc(pid, "stat");
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// VmRSS in bytes.
inline std::int64_t rss_bytes(pid_t pid) {
  std::istringstream status(read_proc(pid, "status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}

inline int open_fds(pid_t pid) {
  int n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

inline std::string mib(std::int64_t bytes) {
  return std::to_string(static_cast<double>(bytes) / (1024.0 * 1024.0)) + " MiB";
}

inline std::string ms(Clock::duration d) {
  return std::to_string(std::chrono::duration_cast<milliseconds>(d).count()) + " ms";
}

// Sends `request`; expects one of `statuses`, then the server closing the connection (EOF
// within 2 s, nothing after the response).
inline void expect_refused(Connection c, const std::string& request,
                           const std::vector<int>& statuses) {
  c.send(request);
  Response r;
  try {
    r = c.read_response(false, std::chrono::seconds(3));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "no complete response within 3 s: " << e.what();
    return;
  }
  bool allowed = false;
  for (int s : statuses) allowed = allowed || r.status == s;
  EXPECT_TRUE(allowed) << "status " << r.status << "\n" << r.body;
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing)) << "connection left open";
  EXPECT_EQ(trailing, "");
}

// Reads from a raw socket until EOF, an error or the deadline. `error` gets the errno of a
// failed recv (0 at a clean EOF, ETIMEDOUT at the deadline).
inline std::string read_until_eof(int fd, std::chrono::milliseconds timeout, int* error) {
  std::string out;
  const auto deadline = Clock::now() + timeout;
  *error = ETIMEDOUT;
  char buf[65536];
  while (Clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    const int n = poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count())));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    const ssize_t got = ::recv(fd, buf, sizeof buf, 0);
    if (got > 0) {
      out.append(buf, static_cast<std::size_t>(got));
    } else if (got == 0) {
      *error = 0;
      break;
    } else if (errno != EINTR && errno != EAGAIN) {
      *error = errno;
      break;
    }
  }
  return out;
}

// Polls `done` every 20 ms until it holds or `timeout` passes.
template <typename Predicate>
bool eventually(std::chrono::milliseconds timeout, Predicate done) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
}

}  // namespace portico::it::hardening
