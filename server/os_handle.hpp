#pragma once
// The one place that names the OS's socket and file handle types (DESIGN.md: platform #ifs
// live in CMake source lists, the backend factory and this header).

#include <cstdint>

#if defined(_WIN32)
#include <winsock2.h>
// after winsock2.h
#include <windows.h>
#include <ws2tcpip.h>
namespace portico::server {
using Socket = SOCKET;
inline constexpr Socket kInvalidSocket = INVALID_SOCKET;
using FileHandleNative = std::intptr_t;  // a HANDLE
inline constexpr FileHandleNative kInvalidFile = -1;
}  // namespace portico::server
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
namespace portico::server {
using Socket = int;
inline constexpr Socket kInvalidSocket = -1;
using FileHandleNative = std::intptr_t;  // a file descriptor
inline constexpr FileHandleNative kInvalidFile = -1;
}  // namespace portico::server
#endif
