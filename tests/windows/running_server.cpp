#include "tests/windows/running_server.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>

namespace portico::wt {
namespace {

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::string pseudo_random(std::size_t size) {
  std::string out(size, '\0');
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (char& ch : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    ch = static_cast<char>(x >> 56);
  }
  return out;
}

}  // namespace

RunningServer::RunningServer(config::TransmitFile mode,
                             const std::function<void(config::Config&)>& adjust) {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  base_ = std::filesystem::temp_directory_path() /
          ("portico-wt-" + std::to_string(stamp) + "-" + std::to_string(counter++));
  write(base_ / "secret.txt", "the secret outside the root\n");
  write(base_ / "root" / "a.txt", "hello from a\n");
  write(base_ / "root" / "index.html", "<!doctype html><title>portico</title>\n");
  write(base_ / "root" / "medium.bin", pseudo_random(kMediumSize));
  write(base_ / "root" / "sub" / "b.txt", "bee\n");

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
  std::ifstream in(base_ / "root" / name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace portico::wt
