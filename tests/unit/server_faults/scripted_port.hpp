#pragma once
// A Port driven by the test instead of the OS: each wait() runs the next step of a script,
// which adds the completions that batch delivers, and records what the worker posts. Like a
// real port it brings cancelled operations home (ECANCELED) in the next batch, answers
// post_control with a shutdown completion, and keeps per-op backend state that it allocates on
// first use (as the IOCP port does), so an allocation can fail inside post_receive too.

#include <cerrno>
#include <functional>
#include <stdexcept>
#include <vector>

#include "failing_new.hpp"
#include "server/port.hpp"

namespace portico::testing {

class ScriptedPort final : public server::Port {
 public:
  using Step = std::function<void(ScriptedPort&)>;

  explicit ScriptedPort(std::vector<Step> steps) : steps_(std::move(steps)) {
    // Room for everything a test does, so the port never allocates while a failure is armed.
    batch_.reserve(kRoom);
    cancelled_.reserve(kRoom);
    receiving_.reserve(kRoom);
    control_op_.state = server::IoState::shutdown;
  }

  // For a step: one more completion in the batch this wait() returns.
  void add(const server::Completion& c) { batch_.push_back(c); }
  // For a step: after this batch is handed over, the worker's (n+1)th allocation fails.
  void fail_after(long n) { fail_after_ = n; }
  // Whether an allocation failed while the worker handled the previous batch.
  bool last_batch_failed() const { return last_batch_failed_; }
  // Whether a receive was posted on `s`.
  bool receiving(server::Socket s) const {
    for (server::Socket r : receiving_)
      if (r == s) return true;
    return false;
  }

  void post_accept(server::IoOp& op, server::Socket) override { op.in_flight = true; }
  void attach(server::Socket) override {}
  void post_receive(server::IoOp& op, server::Socket socket) override {
    backend_state<Record>(op).socket = socket;
    op.state = server::IoState::receive;
    op.in_flight = true;
    receiving_.push_back(socket);
  }
  void post_transmit(server::IoOp&, server::Socket, const server::Transmit&) override {
    throw std::logic_error("no request was sent, so nothing should be transmitted");
  }
  void cancel(server::IoOp& op) override {
    if (!op.in_flight) return;
    server::Completion c;
    c.op = &op;
    c.result = -ECANCELED;
    cancelled_.push_back(c);
  }
  void post_control() override { control_posted_ = true; }
  std::span<const server::Completion> wait(std::chrono::milliseconds) override {
    last_batch_failed_ = disarm_allocation_failure();
    // Past the script only cancellations arrive; a worker that still has not finished its
    // shutdown after this many waits never will.
    if (++waits_ > kMaxWaits) throw std::runtime_error("the worker never finished");
    batch_.clear();
    for (const server::Completion& c : cancelled_) {
      c.op->in_flight = false;
      batch_.push_back(c);
    }
    cancelled_.clear();
    if (next_ < steps_.size()) steps_[next_++](*this);
    if (control_posted_) {
      control_posted_ = false;
      server::Completion c;
      c.op = &control_op_;
      batch_.push_back(c);
    }
    if (fail_after_ >= 0) fail_allocation_after(fail_after_);
    fail_after_ = -1;
    return batch_;
  }
  void release(const server::Completion&) override {}
  void refresh_progress(server::IoOp&) override {}

 private:
  struct Record {
    server::Socket socket = server::kInvalidSocket;
  };
  static constexpr std::size_t kRoom = 64;
  static constexpr int kMaxWaits = 10000;

  std::vector<Step> steps_;
  std::size_t next_ = 0;
  std::vector<server::Completion> batch_;
  std::vector<server::Completion> cancelled_;
  std::vector<server::Socket> receiving_;
  server::IoOp control_op_;
  bool control_posted_ = false;
  long fail_after_ = -1;
  bool last_batch_failed_ = false;
  int waits_ = 0;
};

}  // namespace portico::testing
