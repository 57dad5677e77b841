#include "server/peer_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace portico::server {

std::string peer_address(Socket socket) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(socket, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "-";
  char text[INET6_ADDRSTRLEN] = "-";
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr))
      inet_ntop(AF_INET, &a6->sin6_addr.s6_addr[12], text, sizeof text);
    else
      inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
  }
  return text;
}

}  // namespace portico::server
