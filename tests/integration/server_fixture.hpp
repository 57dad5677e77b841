#pragma once
// The fixture most tests use: a fresh TempSite and a portico serving it on 127.0.0.1:<ephemeral>.
// A test suite changes the site or the config by overriding site_options()/config_options().

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "tests/integration/http_client.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/temp_site.hpp"

namespace portico::it {

class ServerTest : public ::testing::Test {
 protected:
  virtual SiteOptions site_options() const { return {}; }
  virtual ConfigOptions config_options() const { return {}; }

  void SetUp() override;
  void TearDown() override;

  TempSite& site() { return *site_; }
  ServerProcess& server() { return *server_; }
  const std::string& host() const { return server_->host(); }
  std::uint16_t port() const { return server_->port(); }

  Connection connect() { return Connection(host(), port()); }
  Response get(std::string_view target) { return it::get(host(), port(), target); }
  // Sends `request` on a new connection and reads one response.
  Response exchange(std::string_view request, bool head_request = false) {
    return raw_exchange(host(), port(), request, head_request);
  }

  // Fails the test if `response` carries the content of the file outside the root.
  void expect_no_secret(const Response& response) const;

  // After each test the error log must hold no `[critical]` line, and no `[error]` line unless
  // the test calls this first.
  void expect_error_log() { error_log_expected_ = true; }

 private:
  std::unique_ptr<TempSite> site_;
  std::unique_ptr<ServerProcess> server_;
  bool error_log_expected_ = false;
};

// Flags what a crashed or sanitizer-failing server leaves behind (not a SIGTERM exit).
void expect_no_crash(const ExitStatus& status, const std::string& err);
// Flags `[critical]` lines in the error log, and `[error]` lines unless `errors_allowed`.
void expect_clean_error_log(const std::string& err, bool errors_allowed);

}  // namespace portico::it
