#pragma once
// An in-process portico (server::Server, the IOCP backend) on 127.0.0.1:<ephemeral>, serving a
// temporary root:
//   <base>/secret.txt          outside the root: never served
//   <base>/root/a.txt          "hello from a\n"
//   <base>/root/index.html
//   <base>/root/medium.bin     5 MiB of pseudo-random bytes
//   <base>/root/sub/b.txt

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "server/server.hpp"

namespace portico::wt {

constexpr std::size_t kMediumSize = 5 * 1024 * 1024;

class RunningServer {
 public:
  explicit RunningServer(config::TransmitFile mode,
                         const std::function<void(config::Config&)>& adjust = {});
  ~RunningServer();  // stops the server (if a test did not) and removes the folder

  std::uint16_t port() const { return port_; }
  server::Server& server() { return *server_; }
  std::string content(const std::string& name) const;  // a file under the root, by name

 private:
  std::filesystem::path base_;
  config::Config config_;
  std::unique_ptr<server::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace portico::wt
