// Starting and stopping: failures that must be quick and clear, SIGTERM, the bundled site.

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/integration/http_client.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/subprocess.hpp"
#include "tests/integration/temp_site.hpp"

namespace portico::it {
namespace {

// A start that cannot succeed: one line on stderr, a non-zero exit, within a second.
void expect_fast_failure(const RunResult& r) {
  ASSERT_FALSE(r.timed_out) << "still running after the timeout; stdout:\n" << r.out;
  EXPECT_TRUE(r.status.exited) << r.status.describe();
  EXPECT_NE(r.status.code, 0);
  EXPECT_LT(r.elapsed.count(), 1000) << "took " << r.elapsed.count() << " ms";
  std::string err = r.err;
  while (!err.empty() && err.back() == '\n') err.pop_back();
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 0) << "more than one line:\n" << r.err;
}

TEST(Startup, MissingRootFailsFast) {
  TempSite site;
  auto args = site.server_args();
  args.insert(args.end(), {"--root", (site.base() / "does-not-exist").string()});
  expect_fast_failure(run_binary(args, std::chrono::seconds(5)));
}

TEST(Startup, PortInUseFailsFast) {
  TempSite site;
  ServerProcess first(site.server_args());
  const std::string listen = "127.0.0.1:" + std::to_string(first.port());
  expect_fast_failure(run_binary(site.server_args({}, listen), std::chrono::seconds(5)));
  // The first instance is unaffected.
  EXPECT_EQ(get(first.host(), first.port(), "/a.txt").status, 200);
  EXPECT_TRUE(first.terminate().success());
}

TEST(Startup, ListeningLineNamesTheBoundPort) {
  TempSite site;
  ServerProcess server(site.server_args());
  EXPECT_EQ(server.host(), "127.0.0.1");
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(get(server.host(), server.port(), "/a.txt").status, 200);
  server.terminate();
}

TEST(Startup, SigtermExitsZero) {
  TempSite site;
  ServerProcess server(site.server_args());
  {
    Connection idle(server.host(), server.port());  // an idle keep-alive connection
    Connection used(server.host(), server.port());
    EXPECT_EQ(used.request("GET", "/a.txt").status, 200);
    ExitStatus status = server.terminate();
    EXPECT_TRUE(status.success()) << status.describe() << "\n" << server.err();
  }
}

TEST(Startup, ServesBundledSite) {
  ServerProcess server({"--config", source_dir() + "/config/portico.yaml", "--listen",
                        "127.0.0.1:0", "--threads", "1"});
  Response index = get(server.host(), server.port(), "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("portico"), std::string::npos);
  EXPECT_EQ(get(server.host(), server.port(), "/style.css").status, 200);
  EXPECT_EQ(get(server.host(), server.port(), "/logo.svg").status, 200);
  EXPECT_EQ(get(server.host(), server.port(), "/favicon.svg").status, 200);
  ExitStatus status = server.terminate();
  EXPECT_TRUE(status.success()) << status.describe() << "\n" << server.err();
}

}  // namespace
}  // namespace portico::it
