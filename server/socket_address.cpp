#include "server/socket_address.hpp"

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
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getpeername(socket, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "-";
  return numeric_address(reinterpret_cast<const sockaddr*>(&address));
}

std::string describe(const config::ListenAddress& a) {
  const std::string host = a.host.empty() ? "*" : a.host;
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(a.port);
}

bool to_sockaddr(const config::ListenAddress& address, sockaddr_storage& storage,
                 socklen_t& length) {
  storage = {};
  const bool any = address.host.empty();
  if (any || address.host.find(':') != std::string::npos) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(address.port);
    a6->sin6_addr = in6addr_any;
    length = sizeof(sockaddr_in6);
    return any || inet_pton(AF_INET6, address.host.c_str(), &a6->sin6_addr) == 1;
  }
  auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
  a4->sin_family = AF_INET;
  a4->sin_port = htons(address.port);
  length = sizeof(sockaddr_in);
  return inet_pton(AF_INET, address.host.c_str(), &a4->sin_addr) == 1;
}

std::string bound_url(Socket listener) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &length);
  const std::string host = numeric_address(reinterpret_cast<const sockaddr*>(&bound));
  const std::uint16_t port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace portico::server
