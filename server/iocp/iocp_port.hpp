#pragma once
// The Windows completion port: one I/O completion port per worker thread.
//
// - accept: 32 AcceptEx operations kept posted on the listening socket, re-posted as each
//   completes (or fails for that one client); SO_UPDATE_ACCEPT_CONTEXT after each, the peer
//   from GetAcceptExSockaddrs. A socket can belong to one completion port only, so the first
//   port that posts accepts owns the listener; the others' accept operation stays armed and
//   never completes (their connections arrive by hand-over, worker.hpp) until cancelled.
// - receive: a zero-byte WSARecv, so an idle connection pins no buffer. Its completion means
//   "data is ready"; a non-blocking recv into one of the port's buffers then reads it (0 bytes
//   there is the end of stream; WSAEWOULDBLOCK re-posts the zero-byte receive).
// - transmit: head + memory body with WSASend; head + file range with TransmitFile (head in
//   TRANSMIT_FILE_BUFFERS, offset in the OVERLAPPED), or, with `transmit_file` off, overlapped
//   ReadFile into a 64 KiB buffer + WSASend, chunk after chunk.
// - shutdown/wake: PostQueuedCompletionStatus with the control key.
//
// Every operation's status is read from its OVERLAPPED (an NTSTATUS in Internal) and reported
// as the engine's -errno (iocp_errors.hpp). An operation that fails while being posted is
// reported through the next wait(), never inline.

#include <winsock2.h>
// after winsock2.h
#include <mswsock.h>
#include <windows.h>

#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "server/port.hpp"

namespace portico::server {

struct IocpOptions {
  bool transmit_file = true;  // false: overlapped ReadFile + WSASend
  // Largest file range one TransmitFile call sends. The engine sees a transmit's progress only
  // when a call completes, so this bounds how long a slow reader shows none.
  std::uint64_t transmit_chunk = 2147483646;  // TransmitFile's own limit per call
  unsigned accepts = 32;                      // AcceptEx operations kept posted
  unsigned batch = 64;              // completions dequeued per GetQueuedCompletionStatusEx
  unsigned receive_size = 4096;     // bytes read per "data is ready" completion
  unsigned read_chunk = 64 * 1024;  // ReadFile + WSASend: bytes per chunk
};

class IocpPort final : public Port {
 public:
  // Throws std::system_error naming the call that failed (CreateIoCompletionPort, ...).
  explicit IocpPort(const IocpOptions& options);
  ~IocpPort() override;

  void post_accept(IoOp& op, Socket listener) override;
  void attach(Socket socket) override;
  void post_receive(IoOp& op, Socket socket) override;
  void post_transmit(IoOp& op, Socket socket, const Transmit& transmit) override;
  void cancel(IoOp& op) override;
  void post_control() override;
  std::span<const Completion> wait(std::chrono::milliseconds timeout) override;
  void release(const Completion&) override {}  // buffers are valid until the next wait()
  // Each chunk's completion sets the progress (chunks are sized by the minimum send rate).
  void refresh_progress(IoOp&) override {}

  // Starts Winsock (once per process); the error says why it could not.
  static std::error_code probe();
  // Client editions run at most two TransmitFile calls at once, system-wide.
  static bool is_server_edition();

 private:
  struct Record;
  struct AcceptSlot;
  Record& record(IoOp& op);
  void post_accept_slot(AcceptSlot& slot);
  void accept_ended(int error);
  void on_accept(AcceptSlot& slot, DWORD error);
  void on_receive(Record& r, DWORD error);
  void on_transmit(Record& r, DWORD error, DWORD bytes);
  void continue_transmit(Record& r);
  void send_buffers(Record& r);
  void finish(IoOp& op, std::int64_t result);
  void finish_later(IoOp& op, std::int64_t result);
  void dispatch(const OVERLAPPED_ENTRY& entry);

  IocpOptions options_;
  HANDLE port_ = nullptr;
  LPFN_ACCEPTEX accept_ex_ = nullptr;
  LPFN_GETACCEPTEXSOCKADDRS accept_addresses_ = nullptr;
  LPFN_TRANSMITFILE transmit_file_ = nullptr;

  IoOp* accept_op_ = nullptr;
  Socket listener_ = kInvalidSocket;
  int listener_family_ = AF_INET;
  bool owns_listener_ = false;
  bool accept_cancelled_ = false;  // by cancel(): aborted accepts are not re-posted
  unsigned accepts_pending_ = 0;
  std::vector<std::unique_ptr<AcceptSlot>> slots_;

  IoOp control_op_;
  std::vector<OVERLAPPED_ENTRY> entries_;
  std::vector<Completion> completions_;
  std::vector<Completion> deferred_;   // failed while posting; reported by the next wait()
  std::vector<char> receive_buffers_;  // batch × receive_size: one slot per receive completion
  unsigned receive_slots_used_ = 0;
  std::vector<std::string> peers_;  // the accepted clients' addresses of this batch
  unsigned peers_used_ = 0;
};

}  // namespace portico::server
