#include "server/iocp/iocp_port.hpp"

#include <spdlog/spdlog.h>
#include <versionhelpers.h>
#include <ws2tcpip.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <mutex>

#include "server/iocp/iocp_errors.hpp"
#include "server/socket_address.hpp"
#include "server/windows/winsock.hpp"

namespace portico::server {
namespace {

// Completion keys mark the handle's role; each operation's own state is in its OVERLAPPED.
constexpr ULONG_PTR kSocketKey = 1;  // connection sockets and the files they send from
constexpr ULONG_PTR kListenerKey = 2;
constexpr ULONG_PTR kControlKey = 3;
// AcceptEx writes each address with 16 bytes of its own after it.
constexpr DWORD kAddressSpace = sizeof(sockaddr_in6) + 16;

std::system_error windows_error(DWORD error, const char* call) {
  return std::system_error(static_cast<int>(error), std::system_category(), call);
}

template <typename Function>
Function extension(SOCKET socket, GUID id) {
  Function function = nullptr;
  DWORD bytes = 0;
  if (WSAIoctl(socket, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &function,
               sizeof function, &bytes, nullptr, nullptr) != 0)
    throw windows_error(static_cast<DWORD>(WSAGetLastError()),
                        "WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)");
  return function;
}

void set_offset(OVERLAPPED& overlapped, std::uint64_t offset) {
  overlapped.Offset = static_cast<DWORD>(offset & 0xffffffffu);
  overlapped.OffsetHigh = static_cast<DWORD>(offset >> 32);
}

}  // namespace

// The backend state of one IoOp. OVERLAPPED first: a dequeued LPOVERLAPPED is the record.
struct IocpPort::Record {
  enum class Step : std::uint8_t { receive, send, transmit_file, read_file };
  OVERLAPPED overlapped{};
  IoOp* op = nullptr;
  Socket socket = kInvalidSocket;
  Step step = Step::receive;
  // A transmit: what is left of the head and the memory body, then of the file range.
  std::string_view head, body;
  HANDLE file = INVALID_HANDLE_VALUE;
  std::uint64_t offset = 0;
  std::uint64_t remaining = 0;
  std::uint64_t sent = 0;
  std::uint64_t asked = 0;        // bytes the pending TransmitFile or ReadFile was asked for
  std::unique_ptr<char[]> chunk;  // ReadFile + WSASend
  std::string_view chunk_left;
  WSABUF buffers[2]{};
};

struct IocpPort::AcceptSlot {
  OVERLAPPED overlapped{};
  Socket socket = kInvalidSocket;
  bool pending = false;
  char addresses[2 * kAddressSpace]{};
};

std::error_code IocpPort::probe() {
  return start_winsock();
}

bool IocpPort::is_server_edition() {
  return IsWindowsServer();
}

IocpPort::IocpPort(const IocpOptions& options) : options_(options) {
  if (const std::error_code e = probe()) throw std::system_error(e, "WSAStartup");
  port_ = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
  if (port_ == nullptr) throw windows_error(GetLastError(), "CreateIoCompletionPort");
  // The extension functions come from the TCP provider, through any socket of it.
  const SOCKET probe_socket = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, 0);
  if (probe_socket == INVALID_SOCKET) {
    const DWORD error = static_cast<DWORD>(WSAGetLastError());
    CloseHandle(port_);
    throw windows_error(error, "WSASocketW");
  }
  try {
    accept_ex_ = extension<LPFN_ACCEPTEX>(probe_socket, WSAID_ACCEPTEX);
    accept_addresses_ =
        extension<LPFN_GETACCEPTEXSOCKADDRS>(probe_socket, WSAID_GETACCEPTEXSOCKADDRS);
    transmit_file_ = extension<LPFN_TRANSMITFILE>(probe_socket, WSAID_TRANSMITFILE);
  } catch (...) {
    closesocket(probe_socket);
    CloseHandle(port_);
    throw;
  }
  closesocket(probe_socket);
  control_op_.state = IoState::shutdown;
  entries_.resize(options_.batch);
  completions_.reserve(options_.batch * 2);
  receive_buffers_.resize(std::size_t{options_.batch} * options_.receive_size);
  peers_.resize(options_.batch);
}

IocpPort::~IocpPort() {
  // The kernel writes into an AcceptSlot until its completion is dequeued: wait for the
  // accepts the closed listener aborted before freeing them.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (accepts_pending_ > 0 && std::chrono::steady_clock::now() < give_up) {
    ULONG removed = 0;
    if (!GetQueuedCompletionStatusEx(port_, entries_.data(), options_.batch, &removed, 100, FALSE))
      continue;
    for (ULONG i = 0; i < removed; ++i) {
      if (entries_[i].lpCompletionKey != kListenerKey) continue;
      auto* slot = reinterpret_cast<AcceptSlot*>(entries_[i].lpOverlapped);
      slot->pending = false;
      --accepts_pending_;
      closesocket(slot->socket);
    }
  }
  if (accepts_pending_ > 0) {
    spdlog::error("{} AcceptEx operation(s) still pending at exit; their records are leaked",
                  accepts_pending_);
    for (auto& slot : slots_)
      if (slot->pending) (void)slot.release();
  }
  CloseHandle(port_);
}

IocpPort::Record& IocpPort::record(IoOp& op) {
  Record& r = backend_state<Record>(op);
  r.op = &op;
  r.overlapped = {};
  return r;
}

void IocpPort::finish(IoOp& op, std::int64_t result) {
  op.in_flight = false;
  Completion c;
  c.op = &op;
  c.result = result;
  completions_.push_back(c);
}

void IocpPort::finish_later(IoOp& op, std::int64_t result) {
  Completion c;
  c.op = &op;
  c.result = result;
  deferred_.push_back(c);
}

// --- accept -----------------------------------------------------------------------------------

void IocpPort::post_accept(IoOp& op, Socket listener) {
  // An "accepting ended" report not yet delivered is out of date once accepting starts again.
  std::erase_if(deferred_, [&](const Completion& c) { return c.op == &op; });
  op.state = IoState::accepted;
  op.in_flight = true;
  accept_op_ = &op;
  listener_ = listener;
  accept_cancelled_ = false;
  if (!owns_listener_) {
    if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(listener), port_, kListenerKey, 0) ==
        nullptr) {
      // ERROR_INVALID_PARAMETER: another worker's port owns the listener. This one stays armed
      // and receives its connections by hand-over.
      const DWORD error = GetLastError();
      if (error != ERROR_INVALID_PARAMETER)
        spdlog::error("{}", describe_windows_error("CreateIoCompletionPort(listener)", error));
      return;
    }
    owns_listener_ = true;
    sockaddr_storage bound{};
    int length = sizeof bound;
    if (getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &length) == 0)
      listener_family_ = bound.ss_family;
    while (slots_.size() < options_.accepts) slots_.push_back(std::make_unique<AcceptSlot>());
  }
  for (auto& slot : slots_)
    if (!slot->pending) post_accept_slot(*slot);
  if (accepts_pending_ == 0) accept_ended(EINVAL);
}

void IocpPort::post_accept_slot(AcceptSlot& slot) {
  slot.socket = WSASocketW(listener_family_, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                           WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (slot.socket == INVALID_SOCKET) {
    const DWORD error = static_cast<DWORD>(WSAGetLastError());
    spdlog::warn("{}", describe_windows_error("WSASocketW(accept socket)", error));
    return;
  }
  slot.overlapped = {};
  DWORD bytes = 0;
  if (!accept_ex_(listener_, slot.socket, slot.addresses, 0, kAddressSpace, kAddressSpace, &bytes,
                  &slot.overlapped)) {
    const DWORD error = static_cast<DWORD>(WSAGetLastError());
    if (error != ERROR_IO_PENDING) {
      closesocket(slot.socket);
      slot.socket = kInvalidSocket;
      // WSAEINVAL/WSAENOTSOCK: the listener was closed (shutdown); anything else is worth a line.
      if (error != WSAEINVAL && error != WSAENOTSOCK)
        spdlog::warn("{}", describe_windows_error("AcceptEx", error));
      return;
    }
  }
  slot.pending = true;
  ++accepts_pending_;
}

// No accept is posted any more (or, for a port that does not own the listener, its standing
// accept is cancelled): tell the engine, which re-posts (after a back-off) unless it paused
// accepting or is shutting down. Nothing of the OS is pending for it, so the op is free at
// once; the completion goes out with the next wait(), as the engine may be iterating over this
// one's completions.
void IocpPort::accept_ended(int error) {
  if (accept_op_ == nullptr || !accept_op_->in_flight) return;
  accept_op_->in_flight = false;
  Completion c;
  c.op = accept_op_;
  c.result = -error;
  deferred_.push_back(c);
}

void IocpPort::on_accept(AcceptSlot& slot, DWORD error) {
  slot.pending = false;
  --accepts_pending_;
  const Socket socket = slot.socket;
  slot.socket = kInvalidSocket;
  if (error == ERROR_SUCCESS &&
      setsockopt(socket, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
                 reinterpret_cast<const char*>(&listener_), sizeof listener_) != 0)
    error = static_cast<DWORD>(WSAGetLastError());
  if (error != ERROR_SUCCESS) {
    closesocket(socket);
    if (error == ERROR_OPERATION_ABORTED) {
      // Cancelled by pausing (cancel()) or by closing the listener (shutdown): not re-posted.
      if (accepts_pending_ == 0) accept_ended(accept_cancelled_ ? ECANCELED : EINVAL);
      return;
    }
    // This client went away before it was accepted; keep the slot working.
    spdlog::debug("{}", describe_windows_error("AcceptEx", error));
    post_accept_slot(slot);
    if (accepts_pending_ == 0) accept_ended(EINVAL);
    return;
  }
  sockaddr* local = nullptr;
  sockaddr* remote = nullptr;
  int local_length = 0, remote_length = 0;
  accept_addresses_(slot.addresses, 0, kAddressSpace, kAddressSpace, &local, &local_length, &remote,
                    &remote_length);
  std::string& peer = peers_[peers_used_++ % peers_.size()];
  peer = numeric_address(remote);
  if (!accept_cancelled_) post_accept_slot(slot);
  Completion c;
  c.op = accept_op_;
  c.result = static_cast<std::int64_t>(socket);
  c.peer = peer;
  c.more = accepts_pending_ > 0;
  accept_op_->in_flight = c.more;
  completions_.push_back(c);
}

// --- receive ------------------------------------------------------------------------------------

void IocpPort::attach(Socket socket) {
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(socket), port_, kSocketKey, 0) == nullptr)
    spdlog::error("{}", describe_windows_error("CreateIoCompletionPort(socket)", GetLastError()));
  // The receive that follows each "data is ready" completion must not block.
  u_long non_blocking = 1;
  ioctlsocket(socket, FIONBIO, &non_blocking);
}

void IocpPort::post_receive(IoOp& op, Socket socket) {
  Record& r = record(op);
  op.state = IoState::receive;
  op.in_flight = true;
  r.socket = socket;
  r.step = Record::Step::receive;
  WSABUF nothing{0, nullptr};
  DWORD flags = 0;
  if (WSARecv(socket, &nothing, 1, nullptr, &flags, &r.overlapped, nullptr) != 0) {
    const DWORD error = static_cast<DWORD>(WSAGetLastError());
    if (error != WSA_IO_PENDING) finish_later(op, -errno_from_windows(error));
  }
}

void IocpPort::on_receive(Record& r, DWORD error) {
  IoOp& op = *r.op;
  if (error != ERROR_SUCCESS) return finish(op, -errno_from_windows(error));
  char* buffer = receive_buffers_.data() +
                 std::size_t{receive_slots_used_ % options_.batch} * options_.receive_size;
  const int n = recv(r.socket, buffer, static_cast<int>(options_.receive_size), 0);
  if (n < 0) {
    const DWORD recv_error = static_cast<DWORD>(WSAGetLastError());
    if (recv_error == WSAEWOULDBLOCK) {
      // Nothing there after all: wait again, reporting nothing.
      op.in_flight = false;
      return post_receive(op, r.socket);
    }
    return finish(op, -errno_from_windows(recv_error));
  }
  ++receive_slots_used_;
  op.in_flight = false;
  Completion c;
  c.op = &op;
  c.result = n;
  c.data = {buffer, static_cast<std::size_t>(n)};
  completions_.push_back(c);
}

// --- transmit -----------------------------------------------------------------------------------

void IocpPort::post_transmit(IoOp& op, Socket socket, const Transmit& transmit) {
  Record& r = record(op);
  op.state = IoState::transmit_file;
  op.in_flight = true;
  op.progress = 0;
  r.socket = socket;
  r.head = transmit.head;
  r.body = transmit.body;
  r.file = transmit.file == kInvalidFile ? INVALID_HANDLE_VALUE
                                         : reinterpret_cast<HANDLE>(transmit.file);
  r.offset = transmit.file_offset;
  r.remaining = r.file == INVALID_HANDLE_VALUE ? 0 : transmit.file_length;
  r.sent = 0;
  r.chunk_left = {};
  if (r.remaining > 0 && !options_.transmit_file &&
      CreateIoCompletionPort(r.file, port_, kSocketKey, 0) == nullptr &&
      GetLastError() != ERROR_INVALID_PARAMETER) {
    // ReadFile + WSASend: the file's reads complete on this port too, so the handle is
    // associated once per transmit, not per chunk (ERROR_INVALID_PARAMETER: it already is).
    return finish_later(op, -errno_from_windows(GetLastError()));
  }
  continue_transmit(r);
}

// Posts the next step of a transmit, or finishes it.
void IocpPort::continue_transmit(Record& r) {
  r.overlapped = {};
  // WSASend carries the head with a memory body, with a chunk just read (ReadFile + WSASend),
  // or alone when no file range follows; TransmitFile carries it otherwise.
  if (!r.chunk_left.empty() || !r.body.empty() || (r.remaining == 0 && !r.head.empty()))
    return send_buffers(r);
  if (r.remaining == 0) return finish(*r.op, static_cast<std::int64_t>(r.sent));
  set_offset(r.overlapped, r.offset);
  if (options_.transmit_file) {
    r.step = Record::Step::transmit_file;
    r.asked = std::min(r.remaining, options_.transmit_chunk);
    TRANSMIT_FILE_BUFFERS head{const_cast<char*>(r.head.data()), static_cast<DWORD>(r.head.size()),
                               nullptr, 0};
    if (!transmit_file_(r.socket, r.file, static_cast<DWORD>(r.asked), 0, &r.overlapped,
                        r.head.empty() ? nullptr : &head, 0)) {
      const DWORD error = static_cast<DWORD>(WSAGetLastError());
      if (error != ERROR_IO_PENDING && error != WSA_IO_PENDING)
        finish_later(*r.op, -errno_from_windows(error));
    }
    return;
  }
  if (!r.chunk) r.chunk = std::make_unique<char[]>(options_.read_chunk);
  r.step = Record::Step::read_file;
  r.asked = std::min<std::uint64_t>(r.remaining, options_.read_chunk);
  if (!ReadFile(r.file, r.chunk.get(), static_cast<DWORD>(r.asked), nullptr, &r.overlapped)) {
    const DWORD error = GetLastError();
    if (error != ERROR_IO_PENDING) finish_later(*r.op, -errno_from_windows(error));
  }
}

// WSASend of what is left of the head and then of the body or the chunk just read.
void IocpPort::send_buffers(Record& r) {
  r.step = Record::Step::send;
  const std::string_view second = r.chunk_left.empty() ? r.body : r.chunk_left;
  DWORD count = 0;
  if (!r.head.empty())
    r.buffers[count++] = {static_cast<ULONG>(r.head.size()), const_cast<char*>(r.head.data())};
  if (!second.empty())
    r.buffers[count++] = {static_cast<ULONG>(second.size()), const_cast<char*>(second.data())};
  if (WSASend(r.socket, r.buffers, count, nullptr, 0, &r.overlapped, nullptr) != 0) {
    const DWORD error = static_cast<DWORD>(WSAGetLastError());
    if (error != WSA_IO_PENDING) finish_later(*r.op, -errno_from_windows(error));
  }
}

void IocpPort::on_transmit(Record& r, DWORD error, DWORD bytes) {
  IoOp& op = *r.op;
  if (error != ERROR_SUCCESS) return finish(op, -errno_from_windows(error));
  switch (r.step) {
    case Record::Step::send: {
      std::uint64_t left = bytes;
      r.sent += left;
      for (std::string_view* part : {&r.head, r.chunk_left.empty() ? &r.body : &r.chunk_left}) {
        const std::size_t step =
            static_cast<std::size_t>(std::min<std::uint64_t>(left, part->size()));
        part->remove_prefix(step);
        left -= step;
      }
      if (bytes == 0) return finish(op, -ECONNRESET);
      break;
    }
    case Record::Step::transmit_file: {
      const std::uint64_t head = r.head.size();
      r.sent += bytes;
      if (bytes < head + r.asked) return finish(op, -ENODATA);  // the file shrank under us
      r.head = {};
      r.offset += r.asked;
      r.remaining -= r.asked;
      break;
    }
    case Record::Step::read_file:
      if (bytes == 0) return finish(op, -ENODATA);  // shorter than announced
      r.chunk_left = {r.chunk.get(), bytes};
      r.offset += bytes;
      r.remaining -= std::min<std::uint64_t>(r.remaining, bytes);
      break;
    case Record::Step::receive:
      break;
  }
  op.progress = r.sent;
  continue_transmit(r);
}

// --- the rest -----------------------------------------------------------------------------------

void IocpPort::cancel(IoOp& op) {
  if (&op == accept_op_) {
    if (!owns_listener_) return accept_ended(ECANCELED);  // nothing posted: end it at once
    accept_cancelled_ = true;
    CancelIoEx(reinterpret_cast<HANDLE>(listener_), nullptr);
    return;
  }
  if (op.backend == nullptr || !op.in_flight) return;
  auto& r = *static_cast<Record*>(op.backend);
  const HANDLE handle =
      r.step == Record::Step::read_file ? r.file : reinterpret_cast<HANDLE>(r.socket);
  CancelIoEx(handle, &r.overlapped);
}

void IocpPort::post_control() {
  PostQueuedCompletionStatus(port_, 0, kControlKey, nullptr);
}

void IocpPort::dispatch(const OVERLAPPED_ENTRY& entry) {
  if (entry.lpCompletionKey == kControlKey) {
    for (const Completion& c : completions_)
      if (c.op == &control_op_) return;  // one wake per batch is enough
    return finish(control_op_, 0);
  }
  if (entry.lpCompletionKey == kListenerKey) {
    auto& slot = *reinterpret_cast<AcceptSlot*>(entry.lpOverlapped);
    return on_accept(slot, overlapped_error(slot.overlapped));
  }
  auto& r = *reinterpret_cast<Record*>(entry.lpOverlapped);
  const DWORD error = overlapped_error(r.overlapped);
  if (r.step == Record::Step::receive) return on_receive(r, error);
  on_transmit(r, error, entry.dwNumberOfBytesTransferred);
}

std::span<const Completion> IocpPort::wait(std::chrono::milliseconds timeout) {
  completions_.clear();
  peers_used_ = 0;
  receive_slots_used_ = 0;
  DWORD wait_ms = static_cast<DWORD>(timeout.count());
  if (!deferred_.empty()) {
    for (const Completion& c : deferred_) {
      c.op->in_flight = false;
      completions_.push_back(c);
    }
    deferred_.clear();
    wait_ms = 0;
  }
  ULONG removed = 0;
  if (!GetQueuedCompletionStatusEx(port_, entries_.data(), options_.batch, &removed, wait_ms,
                                   FALSE)) {
    const DWORD error = GetLastError();
    if (error != WAIT_TIMEOUT) throw windows_error(error, "GetQueuedCompletionStatusEx");
    removed = 0;
  }
  for (ULONG i = 0; i < removed; ++i) dispatch(entries_[i]);
  return completions_;
}

}  // namespace portico::server
