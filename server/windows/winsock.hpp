#pragma once
// Winsock must be started once per process before any socket call.

#include <system_error>

namespace portico::server {

// WSAStartup(2.2), once; later calls return the first call's result.
std::error_code start_winsock();

}  // namespace portico::server
