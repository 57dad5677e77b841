#include "server/socket_ops.hpp"

#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::server {

void shutdown_send(Socket socket) {
  ::shutdown(socket, SHUT_WR);
}

void abort_operations(Socket socket) {
  // Completes any receive or POLLOUT wait still armed on the ring.
  ::shutdown(socket, SHUT_RDWR);
}

void close_socket(Socket socket) {
  ::close(socket);
}

void set_no_delay(Socket socket) {
  const int one = 1;
  setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void trim_free_memory() {
  malloc_trim(0);
}

}  // namespace portico::server
