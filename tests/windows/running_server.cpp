#include "tests/windows/running_server.hpp"

#include <atomic>
#include <chrono>

#include "tests/integration/test_files.hpp"

namespace portico::wt {

RunningServer::RunningServer(config::TransmitFile mode,
                             const std::function<void(config::Config&)>& adjust) {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  base_ = std::filesystem::temp_directory_path() /
          ("portico-wt-" + std::to_string(stamp) + "-" + std::to_string(counter++));
  it::write_file(base_ / "secret.txt", "the secret outside the root\n");
  it::write_file(base_ / "root" / "a.txt", "hello from a\n");
  it::write_file(base_ / "root" / "index.html", "<!doctype html><title>portico</title>\n");
  it::write_file(base_ / "root" / "medium.bin", it::pseudo_random_bytes(kMediumSize, 5));
  it::write_file(base_ / "root" / "sub" / "b.txt", "bee\n");

  config_.root = base_ / "root";
  config_.listen = {"127.0.0.1", 0};
  config_.threads = 2;
  config_.access_log.path = "off";
  config_.transmit_file = mode;
  config_.timeouts.shutdown = std::chrono::seconds(3);
  if (adjust) adjust(config_);
  server_ = std::make_unique<server::Server>(config_);
  server_->start();
  const std::string& url = server_->url();
  port_ = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

RunningServer::~RunningServer() {
  server_->request_stop();
  server_->wait();
  server_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(base_, ignored);
}

std::string RunningServer::content(const std::string& name) const {
  return it::read_file(base_ / "root" / name);
}

}  // namespace portico::wt
