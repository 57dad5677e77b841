#pragma once

#include <string>

#include "server/os_handle.hpp"

struct sockaddr;

namespace portico::server {

// "192.0.2.1", "2001:db8::1" (an IPv4-mapped IPv6 address as IPv4), or "-".
std::string numeric_address(const sockaddr* address);

// The numeric address of the connected peer ("192.0.2.1", "2001:db8::1"), or "-".
std::string peer_address(Socket socket);

}  // namespace portico::server
