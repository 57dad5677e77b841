#pragma once
// The few plain socket calls the engine makes outside its Port, one implementation per OS
// (posix/socket_ops.cpp, windows/socket_ops.cpp; CMake picks the file, no #if here).

#include "server/os_handle.hpp"

namespace portico::server {

// Sends FIN after what was queued (the lingering close's half-close).
void shutdown_send(Socket socket);
// Ends every operation still pending on the socket, so their completions come home before the
// socket is closed: shutdown(SHUT_RDWR) on Linux, CancelIoEx on Windows.
void abort_operations(Socket socket);
void close_socket(Socket socket);
// TCP_NODELAY: a response's last segment must not wait for the client's ACK.
void set_no_delay(Socket socket);
// Hands freed heap pages back to the OS after a burst (malloc_trim where glibc has it).
void trim_free_memory();

}  // namespace portico::server
