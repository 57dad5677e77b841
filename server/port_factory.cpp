#include "server/port_factory.hpp"

#if defined(__linux__)
#include "server/uring/uring_port.hpp"
#endif

namespace portico::server {

#if defined(__linux__)

std::error_code probe_port(std::string& explanation) {
  const std::error_code error = UringPort::probe();
  if (error)
    explanation = "io_uring_queue_init failed: " + error.message() + " (errno " +
                  std::to_string(error.value()) +
                  "); io_uring may be disabled by kernel.io_uring_disabled or a seccomp profile "
                  "(Docker's default blocks it)";
  return error;
}

std::unique_ptr<Port> make_port(unsigned receive_buffers) {
  UringOptions options;
  options.buffer_count = receive_buffers;
  return std::make_unique<UringPort>(options);
}

#endif

}  // namespace portico::server
