#include "server/listener.hpp"

#include <winsock2.h>
// after winsock2.h
#include <ws2tcpip.h>

#include <system_error>

#include "server/peer_address.hpp"
#include "server/windows/winsock.hpp"

namespace portico::server {
namespace {

std::string describe(const config::ListenAddress& a) {
  const std::string host = a.host.empty() ? "*" : a.host;
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(a.port);
}

[[noreturn]] void fail(int error, const char* call, const config::ListenAddress& a) {
  throw std::system_error(error, std::system_category(), std::string(call) + " " + describe(a));
}

}  // namespace

Listener open_listener(const config::ListenAddress& address, int backlog) {
  if (const std::error_code e = start_winsock()) fail(e.value(), "WSAStartup", address);
  sockaddr_storage storage{};
  int length = 0;
  const bool any = address.host.empty();
  const int family = any || address.host.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  if (family == AF_INET6) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(address.port);
    a6->sin6_addr = in6addr_any;
    if (!any && inet_pton(AF_INET6, address.host.c_str(), &a6->sin6_addr) != 1)
      fail(WSAEINVAL, "inet_pton", address);
    length = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(address.port);
    if (inet_pton(AF_INET, address.host.c_str(), &a4->sin_addr) != 1)
      fail(WSAEINVAL, "inet_pton", address);
    length = sizeof(sockaddr_in);
  }
  const SOCKET s = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                              WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) fail(WSAGetLastError(), "WSASocketW", address);
  // Windows' SO_REUSEADDR would let another process bind the same port and steal connections;
  // SO_EXCLUSIVEADDRUSE makes a second instance fail with "address in use" instead.
  const BOOL yes = TRUE, no = FALSE;
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof yes);
  if (family == AF_INET6 && any)
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
  sockaddr_storage bound{};
  int bound_length = sizeof bound;
  getsockname(s, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  const std::string host = numeric_address(reinterpret_cast<const sockaddr*>(&bound));
  const std::uint16_t port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  const bool v6 = host.find(':') != std::string::npos;
  return {s, "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port)};
}

void stop_listening(Socket socket) {
  closesocket(socket);
}

void close_listener(Socket socket, bool stopped) {
  if (!stopped) closesocket(socket);  // else stop_listening closed it already
}

}  // namespace portico::server
