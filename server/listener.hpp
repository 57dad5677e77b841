#pragma once
// The listening socket every worker shares. No SO_REUSEPORT: with it a second instance would
// bind the same port silently and take half the traffic; without it, it fails with
// "Address already in use". One implementation per OS (posix/listener.cpp,
// windows/listener.cpp).

#include <string>

#include "config/config.hpp"
#include "server/os_handle.hpp"

namespace portico::server {

struct Listener {
  Socket socket = kInvalidSocket;
  std::string url;  // what was bound, e.g. "http://127.0.0.1:41233" or "http://[::1]:8080"
};

// Throws std::system_error whose what() names the call and the address ("bind 127.0.0.1:80").
Listener open_listener(const config::ListenAddress& address, int backlog = 4096);

// Stops accepting: ends every pending accept and refuses new connections at once
// (shutdown on Linux; closesocket on Windows, where nothing else ends a pending AcceptEx).
void stop_listening(Socket socket);
// Frees the listener; after stop_listening when it was called.
void close_listener(Socket socket, bool stopped);

}  // namespace portico::server
