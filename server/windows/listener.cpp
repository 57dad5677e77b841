#include "server/listener.hpp"

#include <system_error>

#include "server/socket_address.hpp"
#include "server/windows/winsock.hpp"

namespace portico::server {
namespace {

[[noreturn]] void fail(int error, const char* call, const config::ListenAddress& a) {
  throw std::system_error(error, std::system_category(), std::string(call) + " " + describe(a));
}

}  // namespace

Listener open_listener(const config::ListenAddress& address, int backlog) {
  if (const std::error_code e = start_winsock()) fail(e.value(), "WSAStartup", address);
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (!to_sockaddr(address, storage, length)) fail(WSAEINVAL, "inet_pton", address);
  const int family = storage.ss_family;
  const SOCKET s = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                              WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) fail(WSAGetLastError(), "WSASocketW", address);
  // Windows' SO_REUSEADDR would let another process bind the same port and steal connections;
  // SO_EXCLUSIVEADDRUSE makes a second instance fail with "address in use" instead.
  const BOOL yes = TRUE, no = FALSE;
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof yes);
  if (family == AF_INET6 && address.host.empty())
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<const char*>(&no), sizeof no);
  if (bind(s, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    const int error = WSAGetLastError();
    closesocket(s);
    fail(error, "bind", address);
  }
  if (listen(s, backlog) != 0) {
    const int error = WSAGetLastError();
    closesocket(s);
    fail(error, "listen", address);
  }
  return {s, bound_url(s)};
}

void stop_listening(Socket socket) {
  // Ends every pending AcceptEx (ERROR_OPERATION_ABORTED) and refuses new clients.
  closesocket(socket);
}

void close_listener(Socket socket, bool stopped) {
  if (!stopped) closesocket(socket);  // else stop_listening closed it already
}

}  // namespace portico::server
