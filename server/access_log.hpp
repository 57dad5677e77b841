#pragma once
// The access log, in Apache's combined format:
//
//   127.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /a.txt HTTP/1.1" 200 2326 "-" "curl/7.88"
//
// Workers format a line and append it to a bounded queue; a background thread writes. When
// the queue is full the line is dropped and counted, so a worker never waits on the disk; the
// count goes to the error log.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace portico::server {

class AccessLog {
 public:
  // `path` is a file (appended to), or "stdout". Throws std::system_error naming fopen.
  explicit AccessLog(const std::string& path, std::size_t capacity = 16384);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write_combined(std::string_view peer, std::string_view request_line, int status,
                      std::uint64_t bytes, std::string_view referer, std::string_view user_agent);

  std::uint64_t dropped() const { return dropped_.load(); }

 private:
  void writer_loop();

  std::FILE* out_;
  bool owns_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> queue_;
  bool stop_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread writer_;
};

}  // namespace portico::server
