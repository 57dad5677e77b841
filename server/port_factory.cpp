#include "server/port_factory.hpp"

#include <algorithm>

#if defined(_WIN32)
#include "server/iocp/iocp_port.hpp"
#include "server/windows/windows_docroot.hpp"
#else
#include "server/linux/linux_docroot.hpp"
#include "server/uring/uring_port.hpp"
#endif

namespace portico::server {

#if defined(_WIN32)

PortOptions port_options(const config::Config& config) {
  PortOptions options;
  options.receive_buffers = static_cast<unsigned>(config.limits.receive_buffers);
  switch (config.transmit_file) {
    case config::TransmitFile::on:
      options.transmit_file = true;
      break;
    case config::TransmitFile::off:
      options.transmit_file = false;
      break;
    case config::TransmitFile::automatic:
      options.transmit_file = IocpPort::is_server_edition();
      break;
  }
  // The engine learns a transmit's progress only when a TransmitFile call completes, and closes
  // a connection that moved less than min_send_rate × timeouts.send in a period. Calls of half
  // that (64 KiB at least) let any reader at twice the minimum rate show progress in every
  // period; with no minimum, one call sends up to TransmitFile's own limit.
  const std::uint64_t period_seconds =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(config.timeouts.send.count() / 1000));
  const std::uint64_t per_period = config.timeouts.min_send_rate * period_seconds;
  if (per_period > 0)
    options.transmit_chunk = std::clamp<std::uint64_t>(per_period / 2, 64 * 1024, 2147483646);
  return options;
}

std::error_code probe_port(std::string& explanation) {
  const std::error_code error = IocpPort::probe();
  if (error) explanation = "WSAStartup failed: " + error.message();
  return error;
}

std::unique_ptr<Port> make_port(const PortOptions& options) {
  IocpOptions iocp;
  iocp.transmit_file = options.transmit_file;
  iocp.transmit_chunk = options.transmit_chunk;
  return std::make_unique<IocpPort>(iocp);
}

std::unique_ptr<http::Docroot> make_docroot(const config::Config& config) {
  return std::make_unique<WindowsDocroot>(config.root, config.symlinks);
}

#else

PortOptions port_options(const config::Config& config) {
  PortOptions options;
  options.receive_buffers = static_cast<unsigned>(config.limits.receive_buffers);
  return options;
}

std::error_code probe_port(std::string& explanation) {
  const std::error_code error = UringPort::probe();
  if (error)
    explanation = "io_uring_queue_init failed: " + error.message() + " (errno " +
                  std::to_string(error.value()) +
                  "); io_uring may be disabled by kernel.io_uring_disabled or a seccomp profile "
                  "(Docker's default blocks it)";
  return error;
}

std::unique_ptr<Port> make_port(const PortOptions& options) {
  UringOptions uring;
  uring.buffer_count = options.receive_buffers;
  return std::make_unique<UringPort>(uring);
}

std::unique_ptr<http::Docroot> make_docroot(const config::Config& config) {
  return std::make_unique<LinuxDocroot>(config.root, config.symlinks);
}

#endif

}  // namespace portico::server
