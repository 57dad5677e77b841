// Admission: accept completions, dealing accepted sockets between the workers, and the
// connection limit (parking sockets, giving way to idle keep-alive connections, resuming).

#include "server/worker.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "server/socket_address.hpp"
#include "server/socket_ops.hpp"

namespace portico::server {
namespace {

constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
constexpr auto kAcceptWarningInterval = std::chrono::seconds(5);
// Accepted sockets kept waiting at the connection limit, per worker, before more are closed.
constexpr std::size_t kMaxParked = 256;

}  // namespace

void Worker::on_accept(const Completion& completion) {
  if (completion.result < 0) {
    const int error = static_cast<int>(-completion.result);
    // EINVAL: the listener was shut down (SIGTERM); the shutdown completion follows.
    // ECANCELED: we paused accepting at the connection limit.
    if (stopping_ || error == EINVAL || (error == ECANCELED && accept_paused_)) return;
    if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM) {
      // Out of descriptors or memory: back off instead of spinning on a full backlog, and say
      // so at most every few seconds.
      ++accept_failures_;
      if (now_ - accept_warned_at_ >= kAcceptWarningInterval) {
        spdlog::warn(
            "accept failed: {} (errno {}), {} time(s) since the last report; backing "
            "off {} ms",
            std::strerror(error), error, accept_failures_, kAcceptBackoff.count());
        accept_warned_at_ = now_;
        accept_failures_ = 0;
      }
    } else if (error != ECONNABORTED && error != EINTR) {
      spdlog::error("accept failed: {} (errno {})", std::strerror(error), error);
    }
    if (!completion.more) accept_retry_at_ = now_ + kAcceptBackoff;
    return;
  }
  if (!completion.more && !stopping_ && !accept_paused_)
    port_->post_accept(accept_op_, shared_.listener);

  Accepted accepted{static_cast<Socket>(completion.result), {}};
  if (shared_.access_log != nullptr) accepted.peer.assign(completion.peer);
  // One socket shared by every ring wakes one of them for a burst of connections (and on IOCP
  // the listener belongs to one port), so the first to wake would take them all: deal them
  // round-robin instead.
  if (peers_.size() > 1 && !stopping_) {
    Worker* target = peers_[shared_.accepted.fetch_add(1) % peers_.size()];
    if (target != this) return target->hand_over(std::move(accepted));
  }
  adopt(std::move(accepted));
}

void Worker::hand_over(Accepted accepted) {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back(std::move(accepted));
  }
  port_->post_control();
}

void Worker::on_control() {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_taken_.swap(inbox_);
  }
  for (Accepted& accepted : inbox_taken_) {
    try {
      adopt(std::move(accepted));
    } catch (const std::bad_alloc&) {
      // That client is refused (its socket closed); the rest of the batch still gets served.
      spdlog::error("allocation failed while handling a connection; connection closed");
    }
  }
  inbox_taken_.clear();
  if (shared_.stopping.load()) begin_shutdown();
}

void Worker::adopt(Accepted accepted) {
  if (stopping_) return;  // the socket closes with `accepted`
  Connection* c = parked_.empty() ? acquire() : nullptr;
  if (c == nullptr && parked_.empty() && make_room()) c = acquire();
  if (c != nullptr) return serve(*c, std::move(accepted));
  // Full, and nothing idle to give way. Keep the socket unanswered (the client waits, as it
  // would in the backlog) and stop accepting until a connection ends. Past kMaxParked the
  // socket closes with `accepted`.
  if (parked_.size() < kMaxParked) parked_.push_back(std::move(accepted));
  if (!accept_paused_) {
    spdlog::warn(
        "limits.max_connections ({}) reached with no idle connection to close; "
        "accepting paused",
        config_.limits.max_connections);
    accept_paused_ = true;
    if (accept_op_.in_flight) port_->cancel(accept_op_);
  }
}

void Worker::serve(Connection& connection, Accepted accepted) {
  Connection* c = &connection;
  c->socket = accepted.take();
  try {
    port_->attach(c->socket);
    set_no_delay(c->socket);
    if (shared_.access_log != nullptr)
      c->peer = accepted.peer.empty() ? peer_address(c->socket) : std::move(accepted.peer);
    header_queue_.push_back(*c, now_ + config_.timeouts.header);
    // A port may allocate the receive's own state on first use (IOCP does).
    arm_receive(*c);
  } catch (const std::bad_alloc&) {
    // The socket is the connection's now: closing the connection closes the socket and gives
    // back its place under the limit, where the caller's handler (which knows only the accept
    // or the hand-over) would leave both until the header timeout.
    close_now(*c);
    throw;
  }
}

Connection* Worker::acquire() {
  if (shared_.connections.fetch_add(1) >= config_.limits.max_connections) {
    shared_.connections.fetch_sub(1);
    return nullptr;
  }
  if (free_.empty()) {
    try {
      // free_ has room for every connection, so giving one back (release_if_done) never
      // allocates: an allocation failing there would leave the connection counted as live.
      connections_.push_back(std::make_unique<Connection>());
      free_.reserve(connections_.capacity());
      free_.push_back(connections_.back().get());
    } catch (const std::bad_alloc&) {
      shared_.connections.fetch_sub(1);  // the place taken above was never used
      throw;
    }
  }
  Connection* c = free_.back();
  free_.pop_back();
  c->phase = Connection::Phase::reading;
  c->idle = true;
  c->counted = true;
  c->peer_closed = false;
  c->receive_paused = false;
  ++live_;
  return c;
}

// At the connection limit, an idle keep-alive connection gives way to a new client (the
// longest idle goes first), as a browser's spare connection matters less than a new visitor.
bool Worker::make_room() {
  Connection* idle = keepalive_queue_.front();
  if (idle == nullptr) return false;
  close_now(*idle);
  return true;
}

void Worker::resume_accepting() {
  while (!parked_.empty() && !stopping_) {
    Connection* c = acquire();
    if (c == nullptr) return;
    Accepted accepted = std::move(parked_.front());
    parked_.pop_front();
    serve(*c, std::move(accepted));
  }
  if (!accept_paused_ || stopping_ || accept_op_.in_flight) return;
  if (shared_.connections.load() >= config_.limits.max_connections) return;
  accept_paused_ = false;
  spdlog::info("below limits.max_connections again; accepting resumed");
  port_->post_accept(accept_op_, shared_.listener);
}

}  // namespace portico::server
