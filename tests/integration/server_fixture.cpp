#include "tests/integration/server_fixture.hpp"

#include <signal.h>

namespace portico::it {

void ServerTest::SetUp() {
  site_ = std::make_unique<TempSite>(site_options());
  server_ = std::make_unique<ServerProcess>(site_->server_args(config_options()));
}

void ServerTest::TearDown() {
  if (!server_) return;
  // A test may have stopped the server itself; either way its exit and error log are checked.
  ExitStatus status = server_->running() ? server_->terminate() : *server_->wait({});
  expect_no_crash(status, server_->err());
  expect_clean_error_log(server_->err(), error_log_expected_);
  server_.reset();
  site_.reset();
}

void ServerTest::expect_no_secret(const Response& response) const {
  EXPECT_EQ(response.body.find(site_->secret()), std::string::npos)
      << "a file outside the root was served";
}

void expect_no_crash(const ExitStatus& status, const std::string& err) {
  const bool crashed = !status.exited && status.signal != SIGTERM;
  EXPECT_FALSE(crashed) << "server " << status.describe() << "\n--- stderr ---\n" << err;
  EXPECT_EQ(err.find("Sanitizer"), std::string::npos) << err;
  EXPECT_EQ(err.find("runtime error:"), std::string::npos) << err;
}

void expect_clean_error_log(const std::string& err, bool errors_allowed) {
  // A line is "<date>T<time> [<level>] <message>".
  std::string flagged;
  std::size_t start = 0;
  while (start < err.size()) {
    std::size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    const std::string_view line(err.data() + start, end - start);
    start = end + 1;
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view level = line.substr(space + 1);
    if (level.starts_with("[critical]") || (!errors_allowed && level.starts_with("[error]")))
      flagged.append(line).append("\n");
  }
  EXPECT_EQ(flagged, "") << "unexpected error log lines (a test that expects [error] lines "
                            "calls expect_error_log())";
}

}  // namespace portico::it
