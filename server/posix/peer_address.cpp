#include "server/peer_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace portico::server {

std::string numeric_address(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "-";
  if (address == nullptr) return text;
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    const auto* a6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr))
      inet_ntop(AF_INET, &a6->sin6_addr.s6_addr[12], text, sizeof text);
    else
      inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
  }
  return text;
}

std::string peer_address(Socket socket) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(socket, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "-";
  return numeric_address(reinterpret_cast<const sockaddr*>(&addr));
}

}  // namespace portico::server
