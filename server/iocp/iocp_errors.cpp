#include "server/iocp/iocp_errors.hpp"

#include <winsock2.h>
// after winsock2.h
#include <winternl.h>

#include <cerrno>
#include <system_error>

namespace portico::server {

DWORD overlapped_error(const OVERLAPPED& overlapped) {
  const auto status = static_cast<NTSTATUS>(overlapped.Internal);
  return status == 0 ? ERROR_SUCCESS : RtlNtStatusToDosError(status);
}

int errno_from_windows(DWORD error) {
  switch (error) {
    case ERROR_SUCCESS:
      return 0;
    case ERROR_NETNAME_DELETED:
    case ERROR_CONNECTION_ABORTED:
    case ERROR_GRACEFUL_DISCONNECT:
    case ERROR_BROKEN_PIPE:
    case WSAECONNRESET:
    case WSAECONNABORTED:
    case WSAENETRESET:
    case WSAESHUTDOWN:
    case WSAENOTCONN:
    case WSAEDISCON:
      return ECONNRESET;
    case ERROR_OPERATION_ABORTED:  // also WSA_OPERATION_ABORTED
      return ECANCELED;
    case ERROR_HANDLE_EOF:
      return ENODATA;
    case WSAEWOULDBLOCK:
      return EAGAIN;
    case WSAEMFILE:
    case ERROR_TOO_MANY_OPEN_FILES:
      return EMFILE;
    case WSAENOBUFS:
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_NO_SYSTEM_RESOURCES:
    case ERROR_NOT_ENOUGH_QUOTA:
      return ENOMEM;
    case WSAEINVAL:
    case ERROR_INVALID_PARAMETER:
      return EINVAL;
    case WSAENOTSOCK:
    case ERROR_INVALID_HANDLE:
      return EBADF;
    case WSAETIMEDOUT:
    case ERROR_SEM_TIMEOUT:
      return ETIMEDOUT;
    default:
      return EIO;
  }
}

std::string describe_windows_error(const char* call, DWORD error) {
  return std::string(call) + " failed: " + std::system_category().message(static_cast<int>(error)) +
         " (error " + std::to_string(error) + ")";
}

}  // namespace portico::server
