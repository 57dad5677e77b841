#pragma once
// The socket options a ring has set on each of its connections, so that a keep-alive
// connection's later responses skip the setsockopt calls that would change nothing (each is a
// system call, about 1.4 us in this VM, on every 1 MiB response). Indexed by descriptor:
// descriptors are small and dense, and attach() resets an entry before a new connection on a
// reused descriptor sends anything.

#include <cstdint>
#include <vector>

namespace portico::server {

class SocketTuning {
 public:
  // A new connection on `fd`: the kernel's defaults (no unsent-data limit, autotuned buffer).
  // May throw std::bad_alloc (the table grows to the largest descriptor seen).
  void reset(int fd) {
    if (fd < 0) return;
    const auto index = static_cast<std::size_t>(fd);
    if (index >= sockets_.size()) sockets_.resize(index + 1);
    sockets_[index] = {};
  }

  // True when `fd` does not yet have TCP_NOTSENT_LOWAT `lowat` (0 is the system's default),
  // and records that the caller sets it now.
  bool change_notsent_lowat(int fd, int lowat) {
    Options* options = find(fd);
    if (options == nullptr) return true;  // never attached here: set it, remember nothing
    if (options->notsent_lowat == lowat) return false;
    options->notsent_lowat = lowat;
    return true;
  }

  // True the first time a connection asks for the large send buffer (it keeps it after).
  bool change_to_large_buffer(int fd) {
    Options* options = find(fd);
    if (options == nullptr) return true;
    if (options->large_buffer) return false;
    options->large_buffer = true;
    return true;
  }

 private:
  struct Options {
    std::int32_t notsent_lowat = 0;
    bool large_buffer = false;
  };

  Options* find(int fd) {
    const auto index = static_cast<std::size_t>(fd);
    return fd >= 0 && index < sockets_.size() ? &sockets_[index] : nullptr;
  }

  std::vector<Options> sockets_;
};

}  // namespace portico::server
