#pragma once
// The Linux completion port: one io_uring per worker thread.
//
// - accept: multishot accept on the listening socket every ring shares.
// - receive: multishot recv that picks a buffer from a provided-buffer ring each time data
//   arrives, so an idle connection pins no buffer and a keep-alive request costs no new SQE.
//   It stays armed until end of stream, an error, ENOBUFS or a cancel (Completion::more is
//   false on its last completion). The engine copies what it keeps and hands the buffer back
//   at once, and bounds read-ahead while a response is pending by cancelling.
// - transmit: head and in-memory body in one sendmsg; a file range with sendfile(2) on the
//   non-blocking socket, waiting for POLLOUT through the ring on EAGAIN, a short send or the
//   end of its turn.
// - shutdown: a read on an eventfd, so any thread can wake the ring's owner without
//   submitting to a SINGLE_ISSUER ring.

#include <liburing.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <memory>
#include <system_error>
#include <vector>

#include "server/port.hpp"

namespace portico::server {

struct UringOptions {
  unsigned entries = 1024;  // SQ size; CQ is four times larger
  // Provided receive buffers (a power of two), shared by every connection of the ring. A request
  // head larger than one buffer arrives in several receives.
  unsigned buffer_count = 1024;
  unsigned buffer_size = 4096;
};

class UringPort final : public Port {
 public:
  // Throws std::system_error naming the call that failed (io_uring_queue_init_params, ...).
  explicit UringPort(const UringOptions& options);
  ~UringPort() override;

  void post_accept(IoOp& op, Socket listener) override;
  void attach(Socket) override {}
  void post_receive(IoOp& op, Socket socket) override;
  void post_transmit(IoOp& op, Socket socket, const Transmit& transmit) override;
  void cancel(IoOp& op) override;
  void post_control() override;
  std::span<const Completion> wait(std::chrono::milliseconds timeout) override;
  void release(const Completion& completion) override;
  void refresh_progress(IoOp& op) override;

  // The SO_SNDBUF given to a connection sending a large file, or 0 to leave the buffer to TCP
  // autotuning: only when net.core.wmem_max allows more than tcp_wmem's maximum.
  static int large_send_buffer(std::uint64_t wmem_max, std::uint64_t tcp_wmem_max);

  // Bytes of sendfile a transmit of a `range_length`-byte file range may send per wake-up
  // before other connections get their turn.
  static std::uint64_t sendfile_turn(std::uint64_t range_length);

  // True when the running kernel lets this process create a ring (seccomp and
  // kernel.io_uring_disabled can refuse it); the error says why not.
  static std::error_code probe();

 private:
  struct TransmitOp;
  io_uring_sqe* next_sqe();
  void arm_control();
  void continue_transmit(TransmitOp& tx);
  void handle(const io_uring_cqe& cqe);
  void finish(IoOp& op, std::int64_t result);
  int submit_and_wait_no_iowait(__kernel_timespec& timeout);

  UringOptions options_;
  io_uring ring_{};
  io_uring_buf_ring* buffer_ring_ = nullptr;
  std::size_t buffer_ring_bytes_ = 0;
  char* buffers_ = nullptr;
  int wake_fd_ = -1;
  int large_send_buffer_ = 0;
  bool no_iowait_ = false;  // the kernel takes IORING_ENTER_NO_IOWAIT
  bool ring_fd_registered_ = false;
  std::uint64_t wake_value_ = 0;
  IoOp wake_op_;
  std::vector<Completion> completions_;
};

}  // namespace portico::server
