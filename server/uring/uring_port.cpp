#include "server/uring/uring_port.hpp"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>

#include "server/linux/sysctl.hpp"

namespace portico::server {
namespace {

constexpr int kBufferGroup = 0;
// sendfile per wake-up before yielding to other connections on the ring. A large range (one
// that also gets the large send buffer) sends up to 3 MiB. On loopback the TCP work of a bulk
// transfer is split between the sender's and the receiver's CPU, and the turn size moves the
// split: measured with wrk (8 connections, 100 MiB, one server core, 8-14 runs each), 4 MiB
// turns gave 0.93-0.99x nginx's throughput at 0.85x its server CPU per byte, 3 MiB turns
// 1.08x at 0.98x, 2 MiB 1.12-1.17x at 1.01-1.04x. Anything smaller than a large range goes
// out 1 MiB at a time, between other connections' turns: on an earlier host (wrk, 64
// connections fetching 1 MiB, one server core) 4 MiB turns left half the runs at 2.5-3.5 GB/s
// with the server's core saturated, 512 KiB turns kept 24 runs of 24 at 5.1-8.0 GB/s.
//
// A mid-size response's unsent data is not capped (TCP_NOTSENT_LOWAT), as in nginx: its
// sendfile hands the whole range to the socket in one call, and what the client's receive
// window holds back goes out from the ACK processing on the client's CPU. A 256 KiB cap moved
// that sending back to the server, at the cost of a POLLOUT wake-up (about 8 us of the server's
// CPU in this VM) and one more sendfile per response: measured with wrk (64 connections, 1 MiB,
// one server core, 20 interleaved 5 s rounds, ratio to that round's nginx, +-2 sd/sqrt(n)),
// the cap gave 1.08+-0.04 of nginx's throughput at 1.05+-0.06 its MB per CPU-s, a 512 KiB cap
// 1.03+-0.05 at 1.06+-0.10, no cap with 1 MiB turns 0.99+-0.05 at 1.19+-0.08. In bench/run.sh
// the cap came out at 1.10 and 0.96 (50 rounds), 512 KiB at 0.98 and 1.04 (5), no cap at 1.02
// and 1.24 (15).
constexpr std::uint64_t kSendfileTurn = 1 << 20;
constexpr std::uint64_t kSendfileLargeTurn = 3 << 20;
// A file range this long gets a send buffer above what TCP autotuning reaches.
constexpr std::uint64_t kLargeSend = 4 << 20;
constexpr std::uint64_t kLargeSendBuffer = 4 << 20;  // asked for; the kernel doubles it
// A head and an in-memory body up to this size are copied into one buffer and go out with
// IORING_OP_SEND, which skips sendmsg's msghdr copy and iovec import.
constexpr std::size_t kCoalesce = 4096;
// Linux 6.15's IORING_FEAT_NO_IOWAIT and IORING_ENTER_NO_IOWAIT; liburing 2.3's headers predate
// them.
constexpr unsigned kFeatureNoIowait = 1U << 17;
constexpr unsigned kEnterNoIowait = 1U << 7;

std::system_error os_error(int error, const char* call) {
  return std::system_error(error, std::generic_category(), call);
}

}  // namespace

// Progress of one transmit: the iovecs still to send, then the file range.
struct UringPort::TransmitOp {
  IoOp* op = nullptr;
  Socket socket = kInvalidSocket;
  msghdr msg{};
  iovec iov[2]{};
  FileHandleNative file = kInvalidFile;
  off_t file_offset = 0;
  std::uint64_t sendfile_turn = 0;  // bytes per wake-up, chosen by the whole range's size
  std::uint64_t file_remaining = 0;
  std::uint64_t sent = 0;
  std::string coalesced;  // head and small body together; keeps its capacity between responses
};

std::error_code UringPort::probe() {
  io_uring ring;
  const int rc = io_uring_queue_init(2, &ring, 0);
  if (rc < 0) return {-rc, std::generic_category()};
  io_uring_queue_exit(&ring);
  return {};
}

UringPort::UringPort(const UringOptions& options) : options_(options) {
  io_uring_params params{};
  params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER |
                 IORING_SETUP_DEFER_TASKRUN;
  params.cq_entries = options.entries * 4;
  int rc = io_uring_queue_init_params(options.entries, &ring_, &params);
  if (rc == -EINVAL) {
    // Kernels before 6.1 refuse DEFER_TASKRUN (and 5.x SINGLE_ISSUER): fall back.
    params = {};
    params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL;
    params.cq_entries = options.entries * 4;
    rc = io_uring_queue_init_params(options.entries, &ring_, &params);
  }
  if (rc < 0) throw os_error(-rc, "io_uring_queue_init_params");
  no_iowait_ = (params.features & kFeatureNoIowait) != 0;
  // Optional: saves an fd lookup per enter.
  ring_fd_registered_ = io_uring_register_ring_fd(&ring_) == 1;

  buffer_ring_bytes_ = sizeof(io_uring_buf) * options.buffer_count;
  void* ring_memory =
      mmap(nullptr, buffer_ring_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (ring_memory == MAP_FAILED) throw os_error(errno, "mmap(buffer ring)");
  buffer_ring_ = static_cast<io_uring_buf_ring*>(ring_memory);
  io_uring_buf_ring_init(buffer_ring_);
  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<std::uint64_t>(buffer_ring_);
  reg.ring_entries = options.buffer_count;
  reg.bgid = kBufferGroup;
  rc = io_uring_register_buf_ring(&ring_, &reg, 0);
  if (rc < 0) throw os_error(-rc, "io_uring_register_buf_ring");

  // MAP_POPULATE: the buffers are a fixed cost of the ring, paid at start rather than page by
  // page as receives cycle through them.
  buffers_ = static_cast<char*>(
      mmap(nullptr, std::size_t{options.buffer_count} * options.buffer_size, PROT_READ | PROT_WRITE,
           MAP_ANONYMOUS | MAP_PRIVATE | MAP_POPULATE, -1, 0));
  if (buffers_ == MAP_FAILED) throw os_error(errno, "mmap(receive buffers)");
  const int mask = io_uring_buf_ring_mask(options.buffer_count);
  for (unsigned i = 0; i < options.buffer_count; ++i)
    io_uring_buf_ring_add(buffer_ring_, buffers_ + std::size_t{i} * options.buffer_size,
                          options.buffer_size, static_cast<unsigned short>(i), mask,
                          static_cast<int>(i));
  io_uring_buf_ring_advance(buffer_ring_, static_cast<int>(options.buffer_count));

  large_send_buffer_ = large_send_buffer(read_sysctl("/proc/sys/net/core/wmem_max", 0),
                                         read_sysctl("/proc/sys/net/ipv4/tcp_wmem", 2));

  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw os_error(errno, "eventfd");
  wake_op_.state = IoState::shutdown;
  arm_control();
  completions_.reserve(options.entries * 4);
}

void UringPort::arm_control() {
  wake_op_.in_flight = true;
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_read(sqe, wake_fd_, &wake_value_, sizeof wake_value_, 0);
  io_uring_sqe_set_data(sqe, &wake_op_);
}

UringPort::~UringPort() {
  io_uring_queue_exit(&ring_);
  if (buffers_ != nullptr && buffers_ != MAP_FAILED)
    munmap(buffers_, std::size_t{options_.buffer_count} * options_.buffer_size);
  if (buffer_ring_ != nullptr) munmap(buffer_ring_, buffer_ring_bytes_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

io_uring_sqe* UringPort::next_sqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  if (sqe == nullptr) {
    // The SQ is full: hand what is queued to the kernel to make room.
    io_uring_submit(&ring_);
    sqe = io_uring_get_sqe(&ring_);
  }
  return sqe;
}

void UringPort::post_accept(IoOp& op, Socket listener) {
  op.state = IoState::accepted;
  op.in_flight = true;
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_multishot_accept(sqe, listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  io_uring_sqe_set_data(sqe, &op);
}

void UringPort::post_receive(IoOp& op, Socket socket) {
  op.state = IoState::receive;
  op.in_flight = true;
  io_uring_sqe* sqe = next_sqe();
  // Multishot: stays armed across requests (no SQE and no poll re-arm per keep-alive request)
  // until it fails, sees end of stream, runs out of buffers (ENOBUFS) or is cancelled.
  io_uring_prep_recv_multishot(sqe, socket, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = kBufferGroup;
  io_uring_sqe_set_data(sqe, &op);
}

int UringPort::large_send_buffer(std::uint64_t wmem_max, std::uint64_t tcp_wmem_max) {
  // SO_SNDBUF is capped at wmem_max, doubled, and turns autotuning off: worth it only when
  // the result is larger than what autotuning could reach (tcp_wmem's maximum).
  const std::uint64_t asked = std::min(kLargeSendBuffer, wmem_max);
  return 2 * asked > tcp_wmem_max ? static_cast<int>(asked) : 0;
}

void UringPort::post_transmit(IoOp& op, Socket socket, const Transmit& transmit) {
  const std::uint64_t file_bytes = transmit.file == kInvalidFile ? 0 : transmit.file_length;
  if (large_send_buffer_ > 0 && file_bytes >= kLargeSend) {
    // A large file: measured on loopback (wrk, 8 connections, 100 MiB), an 8 MiB send buffer
    // cut the server's CPU per byte by a fifth against autotuning's 4 MiB; a smaller fixed one
    // cost more. It stays for the connection's later responses.
    setsockopt(socket, SOL_SOCKET, SO_SNDBUF, &large_send_buffer_, sizeof large_send_buffer_);
  }
  auto& tx = backend_state<TransmitOp>(op);
  tx.op = &op;
  op.state = IoState::transmit_file;
  op.progress = 0;
  tx.socket = socket;
  tx.sent = 0;
  tx.iov[0] = {const_cast<char*>(transmit.head.data()), transmit.head.size()};
  tx.iov[1] = {const_cast<char*>(transmit.body.data()), transmit.body.size()};
  tx.msg = {};
  tx.msg.msg_iov = tx.iov;
  tx.msg.msg_iovlen = transmit.body.empty() ? 1 : 2;
  if (tx.msg.msg_iovlen == 2 && transmit.head.size() + transmit.body.size() <= kCoalesce) {
    tx.coalesced.assign(transmit.head).append(transmit.body);
    tx.iov[0] = {tx.coalesced.data(), tx.coalesced.size()};
    tx.msg.msg_iovlen = 1;
  }
  tx.file = transmit.file;
  tx.file_offset = static_cast<off_t>(transmit.file_offset);
  tx.file_remaining = file_bytes;
  tx.sendfile_turn = sendfile_turn(file_bytes);
  // In flight only now: the allocations above may throw bad_alloc, and an op marked in flight
  // that never reaches the ring would keep its connection busy for good (and the worker from
  // ever finishing its shutdown).
  op.in_flight = true;
  continue_transmit(tx);
}

// Drives one transmit forward until it must wait for the socket, then queues that wait.
void UringPort::continue_transmit(TransmitOp& tx) {
  while (tx.msg.msg_iovlen > 0 && tx.msg.msg_iov[0].iov_len == 0) {
    ++tx.msg.msg_iov;
    --tx.msg.msg_iovlen;
  }
  if (tx.msg.msg_iovlen > 0) {
    io_uring_sqe* sqe = next_sqe();
    // MSG_MORE: a file follows, so let the head share its first segment.
    const int more = tx.file_remaining > 0 ? MSG_MORE : 0;
    if (tx.msg.msg_iovlen == 1)
      io_uring_prep_send(sqe, tx.socket, tx.msg.msg_iov[0].iov_base, tx.msg.msg_iov[0].iov_len,
                         MSG_NOSIGNAL | more);
    else
      io_uring_prep_sendmsg(sqe, tx.socket, &tx.msg, MSG_NOSIGNAL | more);
    io_uring_sqe_set_data(sqe, tx.op);
    return;
  }
  std::uint64_t budget = tx.sendfile_turn;
  while (tx.file_remaining > 0) {
    const std::size_t chunk = static_cast<std::size_t>(std::min(tx.file_remaining, budget));
    const ssize_t n = sendfile(tx.socket, static_cast<int>(tx.file), &tx.file_offset, chunk);
    if (n > 0) {
      tx.sent += static_cast<std::uint64_t>(n);
      tx.file_remaining -= static_cast<std::uint64_t>(n);
      budget -= std::min<std::uint64_t>(budget, static_cast<std::uint64_t>(n));
      if (budget == 0 && tx.file_remaining > 0) break;  // yield; POLLOUT is likely ready
      // Short: the socket is full (or the file ended early, which the next call reports).
      // Waiting now saves the call that would only return EAGAIN.
      if (static_cast<std::size_t>(n) < chunk) break;
      continue;
    }
    if (n == 0) return finish(*tx.op, -ENODATA);  // the file is shorter than announced
    if (errno == EINTR) continue;
    if (errno == EAGAIN) break;
    return finish(*tx.op, -errno);
  }
  if (tx.file_remaining == 0) return finish(*tx.op, static_cast<std::int64_t>(tx.sent));
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_poll_add(sqe, tx.socket, POLLOUT);
  io_uring_sqe_set_data(sqe, tx.op);
}

void UringPort::refresh_progress(IoOp& op) {
  if (op.state != IoState::transmit_file || !op.in_flight || op.backend == nullptr) return;
  const auto& tx = *static_cast<const TransmitOp*>(op.backend);
  // What was handed to the kernel less what the client has not yet acknowledged (SIOCOUTQ;
  // it may still hold a previous response's tail). Counting only the handed-over bytes would
  // see a steady reader as stalled: with MiBs of socket buffer, sendfile gets room again only
  // after the reader has drained much of it, which can take many periods.
  int unacknowledged = 0;
  if (ioctl(tx.socket, SIOCOUTQ, &unacknowledged) != 0) unacknowledged = 0;
  const std::uint64_t pending = static_cast<std::uint64_t>(std::max(unacknowledged, 0));
  op.progress = std::max(op.progress, tx.sent - std::min(tx.sent, pending));
}

void UringPort::cancel(IoOp& op) {
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_cancel64(sqe, reinterpret_cast<std::uint64_t>(&op), 0);
  io_uring_sqe_set_data(sqe, nullptr);
}

void UringPort::post_control() {
  const std::uint64_t one = 1;
  // Non-blocking eventfd: a failed write means the counter is already non-zero (woken).
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
}

std::uint64_t UringPort::sendfile_turn(std::uint64_t range_length) {
  return range_length >= kLargeSend ? kSendfileLargeTurn : kSendfileTurn;
}

void UringPort::finish(IoOp& op, std::int64_t result) {
  op.in_flight = false;
  Completion c;
  c.op = &op;
  c.result = result;
  completions_.push_back(c);
}

void UringPort::handle(const io_uring_cqe& cqe) {
  auto* op = static_cast<IoOp*>(io_uring_cqe_get_data(&cqe));
  if (op == nullptr) return;  // a cancel request's own completion
  switch (op->state) {
    case IoState::accepted: {
      Completion c;
      c.op = op;
      c.result = cqe.res;
      c.more = (cqe.flags & IORING_CQE_F_MORE) != 0;
      op->in_flight = c.more;
      completions_.push_back(c);
      return;
    }
    case IoState::receive: {
      Completion c;
      c.op = op;
      c.result = cqe.res;
      c.more = (cqe.flags & IORING_CQE_F_MORE) != 0;
      op->in_flight = c.more;
      if (cqe.flags & IORING_CQE_F_BUFFER) {
        c.has_buffer = true;
        c.buffer = cqe.flags >> IORING_CQE_BUFFER_SHIFT;
        if (cqe.res > 0)
          c.data = {buffers_ + std::size_t{c.buffer} * options_.buffer_size,
                    static_cast<std::size_t>(cqe.res)};
      }
      completions_.push_back(c);
      return;
    }
    case IoState::transmit_file: {
      auto& tx = *static_cast<TransmitOp*>(op->backend);
      if (cqe.res < 0 && cqe.res != -EAGAIN && cqe.res != -EINTR) return finish(*op, cqe.res);
      if (tx.msg.msg_iovlen > 0 && cqe.res > 0) {
        // A sendmsg completion: drop what was sent from the front of the iovecs.
        auto left = static_cast<std::size_t>(cqe.res);
        tx.sent += left;
        while (left > 0 && tx.msg.msg_iovlen > 0) {
          const std::size_t step = std::min(left, tx.msg.msg_iov[0].iov_len);
          tx.msg.msg_iov[0].iov_base = static_cast<char*>(tx.msg.msg_iov[0].iov_base) + step;
          tx.msg.msg_iov[0].iov_len -= step;
          left -= step;
          if (tx.msg.msg_iov[0].iov_len == 0) {
            ++tx.msg.msg_iov;
            --tx.msg.msg_iovlen;
          }
        }
      } else if (tx.msg.msg_iovlen > 0 && cqe.res == 0) {
        return finish(*op, -EPIPE);
      }
      if (tx.msg.msg_iovlen == 0 && tx.file_remaining == 0)
        return finish(*op, static_cast<std::int64_t>(tx.sent));
      return continue_transmit(tx);
    }
    case IoState::shutdown:
      finish(*op, cqe.res);
      arm_control();  // the read consumed the counter; the next wake needs a new read
      return;
  }
}

std::span<const Completion> UringPort::wait(std::chrono::milliseconds timeout) {
  completions_.clear();
  __kernel_timespec ts{};
  ts.tv_sec = timeout.count() / 1000;
  ts.tv_nsec = (timeout.count() % 1000) * 1000000;
  io_uring_cqe* cqe = nullptr;
  const int rc = no_iowait_ ? submit_and_wait_no_iowait(ts)
                            : io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);
  if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EBUSY)
    throw os_error(-rc, no_iowait_ ? "io_uring_enter" : "io_uring_submit_and_wait_timeout");
  // Handling a completion may queue more SQEs (and with DEFER_TASKRUN nothing new arrives
  // until the next enter), so drain until the CQ is empty.
  unsigned head;
  unsigned seen = 0;
  io_uring_for_each_cqe(&ring_, head, cqe) {
    handle(*cqe);
    ++seen;
  }
  io_uring_cq_advance(&ring_, seen);
  return completions_;
}

// What io_uring_submit_and_wait_timeout does, plus IORING_ENTER_NO_IOWAIT. Since Linux 6.5 a
// task waiting in io_uring_enter with requests in flight (the multishot accept always is) is
// counted as waiting for I/O: an idle portico showed its cores 100% in iowait (top's "wa",
// vmstat, /proc/stat) where nginx's show idle, and fed the I/O pressure that monitors alert on.
// liburing 2.3 cannot pass the flag, so this publishes the queued SQEs and enters itself.
int UringPort::submit_and_wait_no_iowait(__kernel_timespec& timeout) {
  io_uring_sq& sq = ring_.sq;
  if (sq.sqe_head != sq.sqe_tail) {
    sq.sqe_head = sq.sqe_tail;
    io_uring_smp_store_release(sq.ktail, sq.sqe_tail);
  }
  const unsigned to_submit = sq.sqe_tail - *sq.khead;
  io_uring_getevents_arg arg{};
  arg.ts = reinterpret_cast<std::uint64_t>(&timeout);
  unsigned flags = IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG | kEnterNoIowait;
  if (ring_fd_registered_) flags |= IORING_ENTER_REGISTERED_RING;
  const int fd = ring_fd_registered_ ? ring_.enter_ring_fd : ring_.ring_fd;
  return io_uring_enter2(static_cast<unsigned>(fd), to_submit, 1, flags,
                         reinterpret_cast<sigset_t*>(&arg), sizeof arg);
}

void UringPort::release(const Completion& completion) {
  if (!completion.has_buffer) return;
  io_uring_buf_ring_add(buffer_ring_,
                        buffers_ + std::size_t{completion.buffer} * options_.buffer_size,
                        options_.buffer_size, static_cast<unsigned short>(completion.buffer),
                        io_uring_buf_ring_mask(options_.buffer_count), 0);
  io_uring_buf_ring_advance(buffer_ring_, 1);
}

}  // namespace portico::server
