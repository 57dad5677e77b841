#pragma once
// Chooses the completion port for this platform: io_uring on Linux, IOCP on Windows.

#include <memory>
#include <system_error>

#include "server/port.hpp"

namespace portico::server {

// Whether this machine can run the port at all (io_uring may be refused by seccomp or by
// kernel.io_uring_disabled); the message says what to do about it.
std::error_code probe_port(std::string& explanation);

// Must be called on the thread that will run the port (io_uring SINGLE_ISSUER).
// `receive_buffers`: how many receive buffers the port shares between its connections.
std::unique_ptr<Port> make_port(unsigned receive_buffers);

}  // namespace portico::server
