#pragma once

#include <string>

#include "server/os_handle.hpp"

namespace portico::server {

// The numeric address of the connected peer ("192.0.2.1", "2001:db8::1"), or "-".
std::string peer_address(Socket socket);

}  // namespace portico::server
