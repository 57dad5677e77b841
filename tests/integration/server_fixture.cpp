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

}  // namespace portico::it
