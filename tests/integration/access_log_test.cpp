// The access log: on stdout by default, one line per response; nothing when turned off.

#include <gtest/gtest.h>

#include <cctype>

#include "tests/integration/http_client.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/temp_site.hpp"

namespace portico::it {
namespace {

// `entry` appears in `log`, not followed by another digit (200 17 is not 200 170).
bool logged(const std::string& log, const std::string& entry) {
  for (std::size_t at = log.find(entry); at != std::string::npos; at = log.find(entry, at + 1)) {
    const std::size_t end = at + entry.size();
    if (end == log.size() || !std::isdigit(static_cast<unsigned char>(log[end]))) return true;
  }
  return false;
}

TEST(AccessLog, OneLinePerResponseOnStdout) {
  TempSite site;
  ConfigOptions config;
  config.access_log = true;
  ServerProcess server(site.server_args(config));
  Connection c(server.host(), server.port());
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
  EXPECT_EQ(c.request("GET", "/missing").status, 404);
  ExitStatus status = server.terminate();  // flushes whatever the log buffered
  EXPECT_TRUE(status.success()) << status.describe();
  const std::string out = server.out();
  EXPECT_TRUE(logged(out, R"("GET /a.txt HTTP/1.1" 200 17)")) << out;
  EXPECT_TRUE(logged(out, R"("GET /missing HTTP/1.1" 404)")) << out;
}

TEST(AccessLog, OffWritesNoRequestLines) {
  TempSite site;
  ServerProcess server(site.server_args());  // access_log: {path: off}
  EXPECT_EQ(get(server.host(), server.port(), "/a.txt").status, 200);
  ExitStatus status = server.terminate();
  EXPECT_TRUE(status.success()) << status.describe();
  EXPECT_EQ(server.out().find("/a.txt"), std::string::npos) << server.out();
}

}  // namespace
}  // namespace portico::it
