// curl as a real client: a byte range, --compressed against a real gzip sibling, and a time
// condition (-z). Skipped when curl (or gzip, for the sibling) is not installed.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/integration/file_times.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/integration/subprocess.hpp"

namespace portico::it {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kCurl = "/usr/bin/curl";
constexpr const char* kGzip = "/bin/gzip";
constexpr std::time_t kMtime = 1700000000;

struct ToolResult {
  ExitStatus status;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `program` with `args` to completion through the harness's spawn(), reading both pipes;
// SIGKILL after `timeout`.
ToolResult run_tool(const std::string& program, const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  ToolResult result;
  const auto deadline = Clock::now() + timeout;
  Child child = spawn(program, args);
  pollfd fds[2] = {{child.out_fd, POLLIN, 0}, {child.err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    const int n = poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  auto status = wait_exit(child.pid, std::max(left, std::chrono::milliseconds(0)));
  if (!status) {
    result.timed_out = true;
    kill(child.pid, SIGKILL);
    status = wait_exit(child.pid, std::chrono::seconds(5));
  }
  if (status) result.status = *status;
  return result;
}

class SemanticsCurl : public ServerTest {
 protected:
  void SetUp() override {
    if (access(kCurl, X_OK) != 0) GTEST_SKIP() << kCurl << " is not installed";
    ServerTest::SetUp();
  }

  std::string url(const std::string& path) const {
    return "http://" + host() + ":" + std::to_string(port()) + path;
  }

  // curl with `args`; fails the test on a timeout or a non-zero exit.
  ToolResult curl(std::vector<std::string> args) {
    // Bounded even if the server stalls; no proxy from the environment for loopback.
    args.insert(args.begin(), {"--max-time", "15", "--noproxy", "*"});
    ToolResult r = run_tool(kCurl, args);
    EXPECT_FALSE(r.timed_out) << "curl timed out";
    EXPECT_TRUE(r.status.success()) << "curl " << r.status.describe() << "\n" << r.err;
    return r;
  }
};

TEST_F(SemanticsCurl, RangeGetsExactlyThoseBytes) {
  ToolResult r = curl({"-s", "-r", "0-99", url("/medium.bin")});
  EXPECT_EQ(r.out.size(), 100u);
  EXPECT_EQ(r.out, site().content("/medium.bin").substr(0, 100));

  ToolResult tail = curl({"-s", "-r", "-10", url("/a.txt")});
  const std::string a = site().content("/a.txt");
  EXPECT_EQ(tail.out, a.substr(a.size() - 10));
}

TEST_F(SemanticsCurl, CompressedDecodesTheGzipSibling) {
  if (access(kGzip, X_OK) != 0) GTEST_SKIP() << kGzip << " is not installed";
  std::string text;
  for (int i = 0; i < 400; ++i) text += "line " + std::to_string(i) + ": compress me, please\n";
  const fs::path original = site().root() / "story.txt";
  write_file(original, text);
  ToolResult gz = run_tool(kGzip, {"-k", "-f", "-9", original.string()});
  ASSERT_TRUE(gz.status.success()) << gz.err;
  const fs::path sibling = site().root() / "story.txt.gz";
  ASSERT_TRUE(fs::exists(sibling));
  ASSERT_LT(fs::file_size(sibling), text.size()) << "gzip did not compress";
  set_mtime(original, kMtime);
  set_mtime(sibling, kMtime + 1);

  const fs::path out = site().base() / "curl-out.txt";
  ToolResult r = curl({"-s", "--compressed", "-o", out.string(), "-w", "%header{content-encoding}",
                       url("/story.txt")});
  EXPECT_EQ(r.out, "gzip") << "the server did not pick the gzip sibling";
  EXPECT_EQ(read_file(out), text) << "curl's decoded body differs from the original";

  // Without --compressed curl asks for nothing and gets the original.
  ToolResult plain = curl({"-s", url("/story.txt")});
  EXPECT_EQ(plain.out, text);
}

TEST_F(SemanticsCurl, TimeConditionIsNotModified) {
  const fs::path file = site().root() / "a.txt";
  set_mtime(file, kMtime);
  // -z FILE sends If-Modified-Since with the file's mtime: equal to the server's copy.
  ToolResult same =
      curl({"-s", "-z", file.string(), "-o", "/dev/null", "-w", "%{http_code}", url("/a.txt")});
  EXPECT_EQ(same.out, "304");
  // A date before the file's mtime: modified since, so 200.
  ToolResult older = curl({"-s", "-z", "Tue, 14 Nov 2023 22:13:19 GMT", "-o", "/dev/null", "-w",
                           "%{http_code}", url("/a.txt")});
  EXPECT_EQ(older.out, "200");
  // A later date: still not modified.
  ToolResult later = curl({"-s", "-z", "Wed, 15 Nov 2023 08:00:00 GMT", "-o", "/dev/null", "-w",
                           "%{http_code}", url("/a.txt")});
  EXPECT_EQ(later.out, "304");
}

}  // namespace
}  // namespace portico::it
