#include "server/listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace portico::server {
namespace {

std::string describe(const config::ListenAddress& a) {
  const std::string host = a.host.empty() ? "*" : a.host;
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(a.port);
}

[[noreturn]] void fail(int error, const char* call, const config::ListenAddress& a) {
  throw std::system_error(error, std::generic_category(), std::string(call) + " " + describe(a));
}

}  // namespace

Listener open_listener(const config::ListenAddress& address, int backlog) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family;
  const bool any = address.host.empty();
  if (any || address.host.find(':') != std::string::npos) {
    family = AF_INET6;
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(address.port);
    a6->sin6_addr = in6addr_any;
    if (!any && inet_pton(AF_INET6, address.host.c_str(), &a6->sin6_addr) != 1)
      fail(EINVAL, "inet_pton", address);
    length = sizeof(sockaddr_in6);
  } else {
    family = AF_INET;
    auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(address.port);
    if (inet_pton(AF_INET, address.host.c_str(), &a4->sin_addr) != 1)
      fail(EINVAL, "inet_pton", address);
    length = sizeof(sockaddr_in);
  }

  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0 && any && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT)) {
    // No IPv6 on this host: "all interfaces" means all IPv4 ones.
    auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
    storage = {};
    a4->sin_family = AF_INET;
    a4->sin_port = htons(address.port);
    a4->sin_addr.s_addr = htonl(INADDR_ANY);
    length = sizeof(sockaddr_in);
    family = AF_INET;
    fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  }
  if (fd < 0) fail(errno, "socket", address);
  const int one = 1, zero = 0;
  // SO_REUSEADDR only lets a restart bind over TIME_WAIT; on Linux it never admits a second
  // listener on the same address.
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (family == AF_INET6 && any) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    const int error = errno;
    ::close(fd);
    fail(error, "bind", address);
  }
  if (listen(fd, backlog) != 0) {
    const int error = errno;
    ::close(fd);
    fail(error, "listen", address);
  }

  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  char text[INET6_ADDRSTRLEN] = "";
  std::string url;
  if (bound.ss_family == AF_INET6) {
    const auto* a6 = reinterpret_cast<sockaddr_in6*>(&bound);
    inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
    url = "http://[" + std::string(text) + "]:" + std::to_string(ntohs(a6->sin6_port));
  } else {
    const auto* a4 = reinterpret_cast<sockaddr_in*>(&bound);
    inet_ntop(AF_INET, &a4->sin_addr, text, sizeof text);
    url = "http://" + std::string(text) + ":" + std::to_string(ntohs(a4->sin_port));
  }
  return {fd, url};
}

void stop_listening(Socket socket) {
  ::shutdown(socket, SHUT_RDWR);
}

void close_listener(Socket socket, bool) {
  ::close(socket);
}

}  // namespace portico::server
