#pragma once
// Windows error codes → the errno values the engine's Completion results carry (port.hpp), so
// that the io_state machine reads one vocabulary on both OSes.

#include <windows.h>

#include <string>

namespace portico::server {

// The Win32 error of a dequeued operation: its NTSTATUS sits in OVERLAPPED::Internal.
// ERROR_SUCCESS when it succeeded.
DWORD overlapped_error(const OVERLAPPED& overlapped);

// ERROR_NETNAME_DELETED, WSAECONNRESET and the other "the peer is gone" codes → ECONNRESET;
// ERROR_OPERATION_ABORTED (closed or cancelled) → ECANCELED; ERROR_HANDLE_EOF → ENODATA;
// anything unknown → EIO.
int errno_from_windows(DWORD error);

// "WSARecv failed: <system message> (error 10054)": for operators' log lines.
std::string describe_windows_error(const char* call, DWORD error);

}  // namespace portico::server
