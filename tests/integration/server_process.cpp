#include "tests/integration/server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <stdexcept>

namespace portico::it {

using Clock = std::chrono::steady_clock;

namespace {

// Finds `listening on http://HOST:PORT` (HOST may be `[v6]`) in what stdout printed so far.
// Only a complete line counts: the port may still be arriving.
bool parse_listening(const std::string& out, std::string& host, std::uint16_t& port) {
  static constexpr std::string_view kPrefix = "listening on http://";
  const std::size_t at = out.find(kPrefix);
  if (at == std::string::npos) return false;
  const std::size_t eol = out.find('\n', at);
  if (eol == std::string::npos) return false;
  std::string_view rest(out.data() + at + kPrefix.size(), eol - at - kPrefix.size());
  std::size_t colon;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(rest.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = rest.find(':');
    if (colon == std::string_view::npos) return false;
    host = std::string(rest.substr(0, colon));
  }
  if (colon >= rest.size() || rest[colon] != ':') return false;
  std::size_t end = colon + 1;
  unsigned long value = 0;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) {
    value = value * 10 + static_cast<unsigned long>(rest[end] - '0');
    ++end;
  }
  if (end == colon + 1 || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& args,
                             std::chrono::milliseconds ready_timeout) {
  Child child = spawn(binary_path(), args);
  pid_ = child.pid;
  out_fd_ = child.out_fd;
  err_fd_ = child.err_fd;

  const auto deadline = Clock::now() + ready_timeout;
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  std::string* sinks[2] = {&out_, &err_};
  bool ready = false;
  std::string failure;
  while (!ready) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      failure = "no listening line within " + std::to_string(ready_timeout.count()) + " ms";
      break;
    }
    int n = poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failure = "poll failed";
      break;
    }
    bool stdout_closed = false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[i].fd = -1;  // EOF: the descriptor stays open until drain()/the destructor
        if (i == 0) stdout_closed = true;
      }
    }
    ready = parse_listening(out_, host_, port_);
    if (!ready && stdout_closed) {
      failure = "stdout closed before the listening line";
      break;
    }
  }
  if (!ready) {
    kill_now();
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
    std::string exit = status_ ? status_->describe() : "still running";
    throw std::runtime_error("portico did not start: " + failure + " (" + exit +
                             ")\n--- stdout ---\n" + out_ + "\n--- stderr ---\n" + err_);
  }
  drainer_ = std::thread([this] { drain(); });
}

ServerProcess::~ServerProcess() {
  if (running()) kill_now();
  if (drainer_.joinable()) drainer_.join();
}

void ServerProcess::drain() {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  std::string* sinks[2] = {&out_, &err_};
  int open_fds = 2;
  while (open_fds > 0) {
    int n = poll(fds, 2, 100);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[8192];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        std::lock_guard lock(mutex_);
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
}

void ServerProcess::signal(int sig) {
  if (!status_) ::kill(pid_, sig);
}

std::optional<ExitStatus> ServerProcess::wait(std::chrono::milliseconds timeout) {
  if (!status_) status_ = wait_exit(pid_, timeout);
  return status_;
}

ExitStatus ServerProcess::terminate(std::chrono::milliseconds timeout) {
  signal(SIGTERM);
  if (auto s = wait(timeout)) return *s;
  kill_now();
  return status_.value_or(ExitStatus{});
}

void ServerProcess::kill_now() {
  if (status_) return;
  ::kill(pid_, SIGKILL);
  status_ = wait_exit(pid_, std::chrono::seconds(10));
}

std::string ServerProcess::out() const {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string ServerProcess::err() const {
  std::lock_guard lock(mutex_);
  return err_;
}

}  // namespace portico::it
