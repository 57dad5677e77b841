#include "server/access_log.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace portico::server {
namespace {

// Quotes a request field for the log: escapes '"', '\' and bytes outside printable ASCII,
// so a hostile request line cannot forge log lines.
void append_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (s.empty()) {
    out.push_back('-');
    return;
  }
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (u < 0x20 || u >= 0x7f) {
      out.append("\\x");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(ch);
    }
  }
}

std::string log_time() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "[%d/%b/%Y:%H:%M:%S +0000]", &tm);
  return buf;
}

}  // namespace

AccessLog::AccessLog(const std::string& path, std::size_t capacity) : capacity_(capacity) {
  if (path == "stdout") {
    out_ = stdout;
    owns_ = false;
  } else {
    out_ = std::fopen(path.c_str(), "a");
    if (out_ == nullptr)
      throw std::system_error(errno, std::generic_category(), "fopen(" + path + ")");
    owns_ = true;
  }
  queue_.reserve(capacity_);
  writer_ = std::thread([this] { writer_loop(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  writer_.join();
  if (owns_) std::fclose(out_);
}

void AccessLog::write_combined(std::string_view peer, std::string_view request_line, int status,
                               std::uint64_t bytes, std::string_view referer,
                               std::string_view user_agent) {
  std::string line;
  line.reserve(160 + request_line.size() + user_agent.size());
  line.append(peer.empty() ? "-" : peer).append(" - - ").append(log_time()).append(" \"");
  append_escaped(line, request_line);
  line.append("\" ").append(std::to_string(status)).append(" ");
  line.append(bytes == 0 ? "-" : std::to_string(bytes)).append(" \"");
  append_escaped(line, referer);
  line.append("\" \"");
  append_escaped(line, user_agent);
  line.append("\"\n");
  bool notify = false;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    notify = queue_.empty();
    queue_.push_back(std::move(line));
  }
  if (notify) wake_.notify_one();
}

void AccessLog::writer_loop() {
  std::vector<std::string> batch;
  batch.reserve(capacity_);
  std::uint64_t reported = 0;
  auto last_failure = std::chrono::steady_clock::time_point{};
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || !queue_.empty(); });
      batch.swap(queue_);
      if (batch.empty() && stop_) break;
    }
    for (const std::string& line : batch) std::fwrite(line.data(), 1, line.size(), out_);
    if (std::fflush(out_) != 0) {
      // A full disk must not stop the server; say so at most once a minute.
      const auto now = std::chrono::steady_clock::now();
      if (now - last_failure > std::chrono::minutes(1)) {
        spdlog::error("access log write failed: {} (errno {})", std::strerror(errno), errno);
        last_failure = now;
      }
      std::clearerr(out_);
    }
    batch.clear();
    const std::uint64_t dropped = dropped_.load(std::memory_order_relaxed);
    if (dropped != reported) {
      spdlog::warn("access log queue full: {} lines dropped so far", dropped);
      reported = dropped;
    }
  }
}

}  // namespace portico::server
