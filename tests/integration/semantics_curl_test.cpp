// curl as a real client: a byte range, --compressed against a real gzip sibling, and a time
// condition (-z). Skipped when curl (or gzip, for the sibling) is not installed.

#include <fcntl.h>
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

// curl and gzip, through the harness (SIGKILL after 20 s).
RunResult run_tool(const std::string& program, const std::vector<std::string>& args) {
  return run_program(program, args, std::chrono::seconds(20));
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
  RunResult curl(std::vector<std::string> args) {
    // Bounded even if the server stalls; no proxy from the environment for loopback.
    args.insert(args.begin(), {"--max-time", "15", "--noproxy", "*"});
    RunResult r = run_tool(kCurl, args);
    EXPECT_FALSE(r.timed_out) << "curl timed out";
    EXPECT_TRUE(r.status.success()) << "curl " << r.status.describe() << "\n" << r.err;
    return r;
  }
};

TEST_F(SemanticsCurl, RangeGetsExactlyThoseBytes) {
  RunResult r = curl({"-s", "-r", "0-99", url("/medium.bin")});
  EXPECT_EQ(r.out.size(), 100u);
  EXPECT_EQ(r.out, site().content("/medium.bin").substr(0, 100));

  RunResult tail = curl({"-s", "-r", "-10", url("/a.txt")});
  const std::string a = site().content("/a.txt");
  EXPECT_EQ(tail.out, a.substr(a.size() - 10));
}

TEST_F(SemanticsCurl, CompressedDecodesTheGzipSibling) {
  if (access(kGzip, X_OK) != 0) GTEST_SKIP() << kGzip << " is not installed";
  std::string text;
  for (int i = 0; i < 400; ++i) text += "line " + std::to_string(i) + ": compress me, please\n";
  const fs::path original = site().root() / "story.txt";
  write_file(original, text);
  RunResult gz = run_tool(kGzip, {"-k", "-f", "-9", original.string()});
  ASSERT_TRUE(gz.status.success()) << gz.err;
  const fs::path sibling = site().root() / "story.txt.gz";
  ASSERT_TRUE(fs::exists(sibling));
  ASSERT_LT(fs::file_size(sibling), text.size()) << "gzip did not compress";
  set_mtime(original, kMtime);
  set_mtime(sibling, kMtime + 1);

  const fs::path out = site().base() / "curl-out.txt";
  RunResult r = curl({"-s", "--compressed", "-o", out.string(), "-w", "%header{content-encoding}",
                      url("/story.txt")});
  EXPECT_EQ(r.out, "gzip") << "the server did not pick the gzip sibling";
  EXPECT_EQ(read_file(out), text) << "curl's decoded body differs from the original";

  // Without --compressed curl asks for nothing and gets the original.
  RunResult plain = curl({"-s", url("/story.txt")});
  EXPECT_EQ(plain.out, text);
}

TEST_F(SemanticsCurl, TimeConditionIsNotModified) {
  const fs::path file = site().root() / "a.txt";
  set_mtime(file, kMtime);
  // -z FILE sends If-Modified-Since with the file's mtime: equal to the server's copy.
  RunResult same =
      curl({"-s", "-z", file.string(), "-o", "/dev/null", "-w", "%{http_code}", url("/a.txt")});
  EXPECT_EQ(same.out, "304");
  // A date before the file's mtime: modified since, so 200.
  RunResult older = curl({"-s", "-z", "Tue, 14 Nov 2023 22:13:19 GMT", "-o", "/dev/null", "-w",
                          "%{http_code}", url("/a.txt")});
  EXPECT_EQ(older.out, "200");
  // A later date: still not modified.
  RunResult later = curl({"-s", "-z", "Wed, 15 Nov 2023 08:00:00 GMT", "-o", "/dev/null", "-w",
                          "%{http_code}", url("/a.txt")});
  EXPECT_EQ(later.out, "304");
}

}  // namespace
}  // namespace portico::it
