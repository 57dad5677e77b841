#pragma once
// Socket addresses as text, and a listen address as a sockaddr: the same code on both OSes
// (os_handle.hpp brings the socket API headers of each).

#include <string>

#include "config/config.hpp"
#include "server/os_handle.hpp"

namespace portico::server {

// "192.0.2.1", "2001:db8::1" (an IPv4-mapped IPv6 address as IPv4), or "-".
std::string numeric_address(const sockaddr* address);
// The numeric address of the connected peer, or "-".
std::string peer_address(Socket socket);

// "127.0.0.1:8080", "[::1]:8080", "*:8080": for error messages.
std::string describe(const config::ListenAddress& address);
// The sockaddr to bind for `address` (an empty host: IPv6 any, which also takes IPv4 where
// IPV6_V6ONLY is off). False when the host is not a numeric address.
bool to_sockaddr(const config::ListenAddress& address, sockaddr_storage& storage,
                 socklen_t& length);
// "http://127.0.0.1:41233", "http://[::1]:8080": what the listening socket is bound to.
std::string bound_url(Socket listener);

}  // namespace portico::server
