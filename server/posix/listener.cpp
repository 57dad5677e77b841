#include "server/listener.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "server/socket_address.hpp"

namespace portico::server {
namespace {

[[noreturn]] void fail(int error, const char* call, const config::ListenAddress& a) {
  throw std::system_error(error, std::generic_category(), std::string(call) + " " + describe(a));
}

}  // namespace

Listener open_listener(const config::ListenAddress& address, int backlog) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (!to_sockaddr(address, storage, length)) fail(EINVAL, "inet_pton", address);
  const bool any = address.host.empty();
  int family = storage.ss_family;
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
  return {fd, bound_url(fd)};
}

void stop_listening(Socket socket) {
  ::shutdown(socket, SHUT_RDWR);
}

void close_listener(Socket socket, bool) {
  ::close(socket);
}

}  // namespace portico::server
