#pragma once
// A running portico: the docroot, the listening socket, the access log and one worker per
// thread. main() builds one from the config; the Windows tests run one in-process.
//
//   Server server(config);          opens the root, the listener, the access log (throws)
//   server.start();                 starts the workers (throws if a port cannot be made)
//   ... request_stop() from any thread (a signal, the console handler, a test) ...
//   server.wait();                  returns once every worker has finished

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "http/docroot.hpp"
#include "server/access_log.hpp"
#include "server/listener.hpp"
#include "server/worker.hpp"

namespace portico::server {

class Server {
 public:
  // Throws std::system_error naming the call that failed (opening the root, bind, ...).
  explicit Server(const config::Config& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // What was bound, e.g. "http://127.0.0.1:8080".
  const std::string& url() const { return listener_.url; }
  unsigned worker_count() const { return static_cast<unsigned>(workers_.size()); }

  // Starts the workers; throws std::runtime_error with the first worker's error.
  void start();
  // Any thread, any number of times: begins the graceful shutdown (stop accepting, finish the
  // responses in flight up to timeouts.shutdown, close the rest).
  void request_stop();
  // Blocks until request_stop() was called and every worker has finished.
  void wait();

 private:
  const config::Config& config_;
  std::unique_ptr<http::Docroot> docroot_;
  Listener listener_;
  std::unique_ptr<AccessLog> access_log_;
  SharedState shared_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stop_ = false;
  bool started_ = false;
  bool finished_ = false;
  bool stopped_listening_ = false;
};

}  // namespace portico::server
