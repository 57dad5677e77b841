#pragma once
// Chooses this platform's completion port (io_uring on Linux, IOCP on Windows) and docroot
// (openat2 on Linux, CreateFileW on Windows).

#include <memory>
#include <string>
#include <system_error>

#include "config/config.hpp"
#include "http/docroot.hpp"
#include "server/port.hpp"

namespace portico::server {

struct PortOptions {
  // How many receive buffers a port shares between its connections (io_uring's buffer ring).
  unsigned receive_buffers = 1024;
  // IOCP: send files with TransmitFile (else overlapped ReadFile + WSASend).
  bool transmit_file = true;
  // IOCP: the largest file range one TransmitFile call sends (see port_options).
  std::uint64_t transmit_chunk = 2147483646;
};

PortOptions port_options(const config::Config& config);

// Whether this machine can run the port at all (io_uring may be refused by seccomp or by
// kernel.io_uring_disabled); the message says what to do about it.
std::error_code probe_port(std::string& explanation);

// Must be called on the thread that will run the port (io_uring SINGLE_ISSUER).
std::unique_ptr<Port> make_port(const PortOptions& options);

// Throws std::system_error naming the call when the root cannot be opened.
std::unique_ptr<http::Docroot> make_docroot(const config::Config& config);

}  // namespace portico::server
