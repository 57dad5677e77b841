// The command line without serving: --version, --help, usage errors and --check.

#include <gtest/gtest.h>

#include <cctype>

#include "tests/integration/subprocess.hpp"
#include "tests/integration/temp_site.hpp"

namespace portico::it {
namespace {

// Does `err` name `file:LINE:COL` (with `line` 0: any line)?
bool names_position(const std::string& err, const std::string& file, int line) {
  for (std::size_t at = err.find(file + ":"); at != std::string::npos;
       at = err.find(file + ":", at + 1)) {
    std::size_t p = at + file.size() + 1;
    const auto number = [&] {
      const std::size_t start = p;
      while (p < err.size() && std::isdigit(static_cast<unsigned char>(err[p]))) ++p;
      return p > start ? std::stoi(err.substr(start, p - start)) : -1;
    };
    const int l = number();
    if (l < 0 || (line != 0 && l != line) || p >= err.size() || err[p] != ':') continue;
    ++p;
    if (number() >= 0) return true;
  }
  return false;
}

TEST(Cli, VersionExitsZero) {
  RunResult r = run_binary({"--version"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.success()) << r.status.describe() << "\n" << r.err;
  EXPECT_NE(r.out.find("portico"), std::string::npos) << r.out;
}

TEST(Cli, HelpExitsZeroAndListsOptions) {
  RunResult r = run_binary({"--help"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.success()) << r.status.describe() << "\n" << r.err;
  for (const char* option : {"--config", "--root", "--listen", "--threads", "--check"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option << " missing from:\n" << r.out;
  }
}

TEST(Cli, UnknownFlagIsUsageError) {
  RunResult r = run_binary({"--no-such-flag"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.exited);
  EXPECT_EQ(r.status.code, 2) << r.status.describe();
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, CheckAcceptsValidConfig) {
  TempSite site;
  RunResult r = run_binary({"--config", site.write_config().string(), "--check"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.success()) << r.status.describe() << "\n" << r.err;
}

TEST(Cli, CheckAcceptsBundledConfigAndSite) {
  RunResult r = run_binary({"--config", source_dir() + "/config/portico.yaml", "--check"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.success()) << r.status.describe() << "\n" << r.err;
}

TEST(Cli, CheckReportsConfigErrorWithPosition) {
  TempSite site;
  // Line 3, the value of `threads`, is not a number.
  write_file(site.config_path(),
             "listen: 127.0.0.1:0\nroot: " + site.root().string() + "\nthreads: lots\n");
  RunResult r = run_binary({"--config", site.config_path().string(), "--check"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.exited);
  EXPECT_EQ(r.status.code, 1) << r.status.describe();
  EXPECT_TRUE(names_position(r.err, "portico.yaml", 3)) << "no file:line:col in:\n" << r.err;
}

TEST(Cli, CheckReportsMalformedYamlWithPosition) {
  TempSite site;
  write_file(site.config_path(), "listen: 127.0.0.1:0\ntimeouts:\n  header: [1s\n");
  RunResult r = run_binary({"--config", site.config_path().string(), "--check"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.status.code, 1) << r.status.describe();
  EXPECT_TRUE(names_position(r.err, "portico.yaml", 0)) << r.err;
}

TEST(Cli, CheckReportsMissingRoot) {
  TempSite site;
  RunResult r = run_binary({"--config", site.write_config().string(), "--root",
                            (site.base() / "does-not-exist").string(), "--check"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.exited);
  EXPECT_EQ(r.status.code, 1) << r.status.describe();
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace portico::it
