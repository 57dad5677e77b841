#include "server/socket_ops.hpp"

#include <winsock2.h>
// after winsock2.h
#include <windows.h>

#include "server/windows/winsock.hpp"

namespace portico::server {

std::error_code start_winsock() {
  static const int result = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data);
  }();
  return {result, std::system_category()};
}

void shutdown_send(Socket socket) {
  ::shutdown(socket, SD_SEND);
}

void abort_operations(Socket socket) {
  // Overlapped operations end only when cancelled or when the socket is closed; the socket must
  // stay open until their completions are dequeued, so cancel them.
  CancelIoEx(reinterpret_cast<HANDLE>(socket), nullptr);
}

void close_socket(Socket socket) {
  ::closesocket(socket);
}

void set_no_delay(Socket socket) {
  const BOOL one = TRUE;
  setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
}

void trim_free_memory() {
  // The Windows heap gives freed pages back by itself.
}

}  // namespace portico::server
