#pragma once
// The completion port: one completion-shaped interface over IOCP (Windows) and io_uring
// (Linux). Operations are posted; each finishes with exactly one Completion carrying the IoOp
// it was posted with (a multishot accept yields one per accepted socket, and a receive may yield
// one per arrival of data, while `more` is set; the op stays in flight until one without it).
// A backend never exposes readiness: the io_uring backend hides its POLLOUT waits inside
// post_transmit, as TransmitFile hides its own.
//
// Immediate-completion policy: an operation that the OS finishes during submission is still
// reported through wait(), never inline, so the state machine has one entry point and an IoOp
// is never reused or freed before its completion has been dequeued (IoOp::in_flight).

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "server/os_handle.hpp"

namespace portico::server {

class Connection;

// `shutdown` is the control packet (PostQueuedCompletionStatus on IOCP, an eventfd read on
// io_uring): it wakes the worker to take sockets handed over by another worker, or to stop.
enum class IoState : std::uint8_t { accepted, receive, transmit_file, shutdown };

// What one transmit sends, in order: head, then an in-memory body or a range of a file —
// the shape of TransmitFile with TRANSMIT_FILE_BUFFERS. Buffers must outlive the operation.
struct Transmit {
  std::string_view head;
  std::string_view body;
  FileHandleNative file = kInvalidFile;
  std::uint64_t file_offset = 0;
  std::uint64_t file_length = 0;
};

// Per-I/O record. Backends keep their own progress in `backend` space (the Windows backend
// puts its OVERLAPPED at the front of its derived record).
struct IoOp {
  IoOp() = default;
  IoOp(const IoOp&) = delete;
  IoOp& operator=(const IoOp&) = delete;
  ~IoOp() {
    if (backend_free != nullptr) backend_free(backend);
  }

  IoState state = IoState::receive;
  bool in_flight = false;
  Connection* connection = nullptr;
  // A transmit's bytes the client has taken, as of the last Port::refresh_progress; lets the
  // engine see a stalled send.
  std::uint64_t progress = 0;
  // The backend's per-op state (a transmit's progress), made on first use, freed with the op.
  void* backend = nullptr;
  void (*backend_free)(void*) = nullptr;
};

// The backend's per-op record of type T, made on first use and freed with the op.
template <typename T>
T& backend_state(IoOp& op) {
  if (op.backend == nullptr) {
    op.backend = new T;
    op.backend_free = [](void* p) { delete static_cast<T*>(p); };
  }
  return *static_cast<T*>(op.backend);
}

struct Completion {
  IoOp* op = nullptr;
  // accepted: the new socket or -errno; receive: bytes (0 = end of stream) or -errno;
  // transmit_file: bytes sent or -errno (-ENODATA: the file shrank under us).
  std::int64_t result = 0;
  std::string_view data;     // receive: the bytes, valid until release()
  std::uint32_t buffer = 0;  // receive: backend's buffer id
  std::string_view peer;     // accepted: the client's address, when the backend learnt it
  bool more = false;         // accepted, receive: the operation stays armed
  bool has_buffer = false;
};

class Port {
 public:
  virtual ~Port() = default;
  virtual void post_accept(IoOp& op, Socket listener) = 0;
  // Binds a newly served socket to this port before its first operation (IOCP associates the
  // handle with the port; io_uring needs nothing).
  virtual void attach(Socket socket) = 0;
  virtual void post_receive(IoOp& op, Socket socket) = 0;
  virtual void post_transmit(IoOp& op, Socket socket, const Transmit& transmit) = 0;
  // Asks the OS to end an operation early; its completion still arrives (with ECANCELED).
  virtual void cancel(IoOp& op) = 0;
  // Safe from any thread: wakes this port's worker with an IoState::shutdown completion.
  // Wakes posted before the worker dequeues one may arrive as a single completion.
  virtual void post_control() = 0;
  // Submits what was posted and waits up to `timeout` for at least one completion.
  virtual std::span<const Completion> wait(std::chrono::milliseconds timeout) = 0;
  // Returns a receive completion's buffer to the port.
  virtual void release(const Completion& completion) = 0;
  // Brings a transmit's `progress` up to date before the engine judges its rate.
  virtual void refresh_progress(IoOp& op) = 0;
};

}  // namespace portico::server
