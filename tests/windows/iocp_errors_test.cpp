#include "server/iocp/iocp_errors.hpp"

#include <gtest/gtest.h>
#include <winsock2.h>

#include <cerrno>

namespace portico::server {
namespace {

TEST(IocpErrors, MapsWindowsCodesToTheEnginesErrno) {
  EXPECT_EQ(errno_from_windows(ERROR_SUCCESS), 0);
  EXPECT_EQ(errno_from_windows(ERROR_NETNAME_DELETED), ECONNRESET);
  EXPECT_EQ(errno_from_windows(WSAECONNRESET), ECONNRESET);
  EXPECT_EQ(errno_from_windows(ERROR_CONNECTION_ABORTED), ECONNRESET);
  EXPECT_EQ(errno_from_windows(ERROR_OPERATION_ABORTED), ECANCELED);
  EXPECT_EQ(errno_from_windows(ERROR_HANDLE_EOF), ENODATA);
  EXPECT_EQ(errno_from_windows(WSAEMFILE), EMFILE);
  EXPECT_EQ(errno_from_windows(ERROR_INVALID_FUNCTION), EIO);  // anything unknown
}

TEST(IocpErrors, ReadsTheNtStatusOfAnOverlapped) {
  OVERLAPPED done{};
  EXPECT_EQ(overlapped_error(done), static_cast<DWORD>(ERROR_SUCCESS));
  OVERLAPPED cancelled{};
  cancelled.Internal = 0xC0000120;  // STATUS_CANCELLED
  EXPECT_EQ(overlapped_error(cancelled), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
  OVERLAPPED reset{};
  reset.Internal = 0xC000020D;  // STATUS_CONNECTION_RESET
  EXPECT_EQ(errno_from_windows(overlapped_error(reset)), ECONNRESET);
}

TEST(IocpErrors, DescriptionNamesTheCallAndTheCode) {
  const std::string text = describe_windows_error("WSARecv", WSAECONNRESET);
  EXPECT_EQ(text.rfind("WSARecv failed: ", 0), 0u) << text;
  EXPECT_NE(text.find("(error 10054)"), std::string::npos) << text;
}

}  // namespace
}  // namespace portico::server
