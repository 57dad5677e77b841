#pragma once
// A running portico: started with the given arguments, ready once it has printed
// `listening on http://HOST:PORT`. Its stdout (access log) and stderr (error log) are drained
// in the background so that the server never blocks on a full pipe.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/subprocess.hpp"

namespace portico::it {

class ServerProcess {
 public:
  // Starts the binary under test and waits (up to `ready_timeout`) for the listening line.
  // Throws std::runtime_error, with what the server printed, if it does not appear.
  explicit ServerProcess(const std::vector<std::string>& args,
                         std::chrono::milliseconds ready_timeout = std::chrono::seconds(5));
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& host() const { return host_; }  // without brackets for IPv6
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // False once the process has exited (it is reaped here).
  bool running() { return !wait(std::chrono::milliseconds(0)).has_value(); }

  // Sends a signal without waiting.
  void signal(int sig);
  // Waits for the process to exit; nullopt if it is still running after `timeout`.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  // SIGTERM, then wait up to `timeout`; SIGKILL if it did not exit (the result then says so).
  ExitStatus terminate(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Everything captured so far.
  std::string out() const;
  std::string err() const;

 private:
  void drain();  // background thread: pipes into out_/err_ until both close
  void kill_now();

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string host_;
  std::uint16_t port_ = 0;
  std::optional<ExitStatus> status_;
  mutable std::mutex mutex_;
  std::string out_;
  std::string err_;
  std::thread drainer_;
};

}  // namespace portico::it
