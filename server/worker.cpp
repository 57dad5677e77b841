#include "server/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "http/http_date.hpp"
#include "server/socket_ops.hpp"

namespace portico::server {
namespace {

// How long a closing connection may keep sending us bytes we discard (lingering close).
constexpr auto kLinger = std::chrono::seconds(2);
constexpr auto kTick = std::chrono::milliseconds(200);
constexpr auto kRetryWait = std::chrono::milliseconds(1);
// Spare Exchanges never freed, and how often the pool frees the spares that went unused.
constexpr std::size_t kSpareExchanges = 32;
constexpr auto kSpareReview = std::chrono::seconds(1);

http::FileCacheOptions cache_options(const config::Config& c) {
  http::FileCacheOptions o;
  o.valid_ms = c.file_cache.enabled ? c.file_cache.valid.count() : 0;
  o.max_entries = c.file_cache.entries;
  o.entry.precompressed = c.precompressed;
  o.entry.max_content = c.file_cache.memory_file_size;
  return o;
}

http::ParserLimits parser_limits(const config::Limits& l) {
  return {.request_line = l.request_line,
          .header_bytes = l.header_bytes,
          .headers = l.headers,
          .body = l.body};
}

}  // namespace

void SharedState::warn_stale_sibling(const std::string& path) {
  std::lock_guard lock(stale_mutex_);
  if (stale_reported_.insert(path).second)
    spdlog::warn("precompressed file {} is older than its original and is not served", path);
}

Worker::Worker(SharedState& shared, std::unique_ptr<Port> port)
    : shared_(shared),
      config_(*shared.config),
      port_(std::move(port)),
      limits_(parser_limits(shared.config->limits)),
      files_(*shared.docroot, cache_options(*shared.config)),
      exchanges_(limits_, kSpareExchanges) {
  accept_op_.state = IoState::accepted;
}

Worker::~Worker() {
  for (auto& c : connections_)
    if (c->socket != kInvalidSocket) close_socket(c->socket);
}

void Worker::run() {
  tick_clocks();
  port_->post_accept(accept_op_, shared_.listener);
  bool retried = false;
  while (!(stopping_ && live_ == 0)) {
    // After re-arming receives that found the buffer ring empty, look again at once: measured
    // here (1,000 connections, 256 buffers), waiting a whole tick for them put 250 ms on the
    // 99th percentile.
    const auto completions = port_->wait(retried ? kRetryWait : kTick);
    tick_clocks();
    for (const Completion& completion : completions) dispatch(completion);
    retried = !receive_retry_.empty();
    for (Connection* c : receive_retry_)
      if (c->phase != Connection::Phase::closing) arm_receive(*c);
    receive_retry_.clear();
    expire(now_);
  }
}

void Worker::dispatch(const Completion& completion) {
  IoOp& op = *completion.op;
  try {
    switch (op.state) {
      case IoState::accepted:
        return on_accept(completion);
      case IoState::receive:
        return on_receive(*op.connection, completion);
      case IoState::transmit_file:
        return on_transmit(*op.connection, completion);
      case IoState::shutdown:
        return on_control();
    }
  } catch (const std::bad_alloc&) {
    // Out of memory: give up this one connection, keep serving the others.
    spdlog::error("allocation failed while handling a connection; connection closed");
    if (op.state == IoState::receive) port_->release(completion);
    if (op.connection != nullptr) close_now(*op.connection);
  }
}

// A no-op while the receive is still armed (multishot) or being cancelled: its last
// completion re-arms it when the connection still reads.
void Worker::arm_receive(Connection& c) {
  if (c.receive_op.in_flight || c.peer_closed) return;
  // Read-ahead is full: the next receive waits until the response is out.
  if (c.phase == Connection::Phase::sending && c.exchange->pending.size() >= limits_.header_bytes)
    return;
  port_->post_receive(c.receive_op, c.socket);
}

void Worker::on_receive(Connection& c, const Completion& completion) {
  const std::int64_t result = completion.result;
  if (!completion.more) c.receive_paused = false;  // the receive is over, however it ended
  if (c.phase == Connection::Phase::closing) {
    port_->release(completion);
    return release_if_done(c);
  }
  if (result == -ENOBUFS) {
    // Every provided buffer is in use right now; they come back within this batch.
    receive_retry_.push_back(&c);
    return;
  }
  if (result == -ECANCELED) {
    // We stopped it to bound read-ahead; once the response is out, reading resumes.
    if (c.phase != Connection::Phase::sending) arm_receive(c);
    return;
  }
  if (c.phase == Connection::Phase::sending) return read_ahead(c, completion);
  if (c.phase == Connection::Phase::lingering) {
    port_->release(completion);
    if (result <= 0) return close_now(c);
    return arm_receive(c);  // discard and keep draining until EOF or the linger deadline
  }
  if (result <= 0) {
    port_->release(completion);
    if (result < 0 && result != -ECONNRESET)
      spdlog::debug("recv failed: {} (errno {})", std::strerror(static_cast<int>(-result)),
                    -result);
    return close_now(c);
  }
  if (c.idle) {
    // The first byte of a request starts its header deadline; later bytes never extend it.
    c.idle = false;
    if (c.queue == 1) {
      keepalive_queue_.remove(c);
      header_queue_.push_back(c, now_ + config_.timeouts.header);
    }
  }
  Exchange& x = engage(c);
  if (x.pending.empty()) {
    feed(c, completion.data, false);
  } else {
    x.pending.append(completion.data);
    feed(c, x.pending.view(), true);
  }
  port_->release(completion);
}

// Bytes that arrive while a response is being sent (pipelined requests, or the client closing):
// kept for after the response, up to limits.header_bytes; past that the receive is cancelled
// so a client that never reads cannot make us buffer without bound. The receive's completions
// already delivered with the one that crossed the limit are kept too (the bytes are out of the
// socket), so the bound is limits.header_bytes plus what one batch of completions carries, at
// most every receive buffer (limits.receive_buffers x 4 KiB); ~400 KB measured with a client
// pipelining 3 KB requests as fast as loopback takes them.
void Worker::read_ahead(Connection& c, const Completion& completion) {
  const std::int64_t result = completion.result;
  if (result > 0) c.exchange->pending.append(completion.data);
  port_->release(completion);
  if (result == 0) {
    c.peer_closed = true;  // answer what was asked, then close
    return;
  }
  if (result < 0) {
    if (result != -ECONNRESET && result != -EPIPE)
      spdlog::debug("recv failed: {} (errno {})", std::strerror(static_cast<int>(-result)),
                    -result);
    return close_now(c);
  }
  if (c.exchange->pending.size() >= limits_.header_bytes && completion.more && !c.receive_paused) {
    c.receive_paused = true;
    port_->cancel(c.receive_op);
  }
}

Exchange& Worker::engage(Connection& c) {
  if (c.exchange == nullptr) {
    c.exchange = exchanges_.take();
    c.exchange->transmit_op.connection = &c;
  }
  return *c.exchange;
}

// Gives the connection's Exchange back to the pool, reset for its next user. Not while a
// transmit is in flight: its buffers belong to the operation until the completion arrives.
void Worker::disengage(Connection& c) {
  Exchange* x = c.exchange.get();
  if (x == nullptr || x->transmit_op.in_flight) return;
  x->parser.reset();
  x->pending.clear();
  std::string head = std::move(x->response.head);  // kept for its capacity
  x->response = {};
  x->response.head = std::move(head);
  x->transmit_op.connection = nullptr;
  exchanges_.give(std::move(c.exchange));
}

// Parses from `input`; whatever follows a complete request is kept in the exchange's pending.
void Worker::feed(Connection& c, std::string_view input, bool input_is_pending) {
  Exchange& x = *c.exchange;
  const http::ParseOutcome out = x.parser.feed(input);
  if (input_is_pending) {
    x.pending.consume(out.consumed);
  } else {
    x.pending.clear();
    x.pending.append(input.substr(out.consumed));
  }

  switch (out.status) {
    case http::ParseStatus::need_more:
      return arm_receive(c);
    case http::ParseStatus::error: {
      const http::Request& r = x.parser.request();
      x.request_line.assign(r.method_name).append(" ").append(r.target);
      x.referer.clear();
      x.user_agent.clear();
      x.pending.clear();
      return respond(
          c, http::plan_error(out.error_status, out.error_detail, 1, false, false, clock().date));
    }
    case http::ParseStatus::complete:
      break;
  }
  const http::Request& request = x.parser.request();
  if (shared_.access_log != nullptr) {  // kept only for the access log line
    x.request_line.assign(request.method_name).append(" ").append(request.target);
    x.request_line.append(request.version_minor == 0 ? " HTTP/1.0" : " HTTP/1.1");
    x.referer.assign(request.header("referer"));
    x.user_agent.assign(request.header("user-agent"));
  }
  if (stopping_ && request.keep_alive) {
    http::Request last = request;  // shutting down: this is the connection's last response
    last.keep_alive = false;
    return respond(c, http::plan_static(last, shared_.rules, files_, clock()));
  }
  // The last response's head is done with: its storage becomes this one's.
  respond(c,
          http::plan_static(request, shared_.rules, files_, clock(), std::move(x.response.head)));
}

void Worker::respond(Connection& c, http::ResponsePlan plan) {
  unqueue(c);
  Exchange& x = *c.exchange;
  x.response = std::move(plan);
  const http::ResponsePlan& r = x.response;
  x.keep_alive_after = r.keep_alive;
  x.next_segment = 0;
  x.body_sent = 0;
  x.progress_seen = 0;
  if (!r.stale_sibling.empty()) shared_.warn_stale_sibling(r.stale_sibling);
  c.phase = Connection::Phase::sending;
  send_queue_.push_back(c, now_ + config_.timeouts.send);
  Transmit t{.head = r.head, .body = r.shared_body ? std::string_view(*r.shared_body) : r.body};
  if (r.file) {
    t.file = r.file.native();
    t.file_offset = r.file_offset;
    t.file_length = r.file_length;
  }
  port_->post_transmit(x.transmit_op, c.socket, t);
}

void Worker::on_transmit(Connection& c, const Completion& completion) {
  unqueue(c);
  if (c.phase == Connection::Phase::closing) return release_if_done(c);
  Exchange& x = *c.exchange;
  const std::uint64_t head = x.next_segment == 0 ? x.response.head.size() : 0;
  const auto sent = static_cast<std::uint64_t>(std::max<std::int64_t>(completion.result, 0));
  x.body_sent += sent > head ? sent - head : 0;
  if (completion.result >= 0 && x.next_segment < x.response.more.size()) {
    // multipart/byteranges: the next part header and its range of the same file.
    const http::BodySegment& segment = x.response.more[x.next_segment++];
    x.progress_seen = 0;  // each part is a new transmit, its progress counted from zero
    send_queue_.push_back(c, now_ + config_.timeouts.send);
    Transmit t;
    t.head = segment.head;
    if (segment.length > 0) {
      t.file = x.response.file.native();
      t.file_offset = segment.offset;
      t.file_length = segment.length;
    }
    return port_->post_transmit(x.transmit_op, c.socket, t);
  }
  log_access(c, x.body_sent);
  x.response.file.reset();
  if (completion.result < 0) {
    if (completion.result == -ENODATA)
      spdlog::warn("sendfile: the file shrank while it was sent; connection closed");
    return close_now(c);
  }
  finish_response(c);
}

void Worker::finish_response(Connection& c) {
  Exchange& x = *c.exchange;
  if (!x.keep_alive_after || stopping_) return linger(c);
  x.parser.next();
  c.phase = Connection::Phase::reading;
  if (!x.pending.empty()) {
    // A pipelined request is already here: its header deadline starts now.
    c.idle = false;
    header_queue_.push_back(c, now_ + config_.timeouts.header);
    return feed(c, x.pending.view(), true);
  }
  if (c.peer_closed) return close_now(c);  // every request it sent is answered
  c.idle = true;
  disengage(c);  // idle: the connection holds no request state
  keepalive_queue_.push_back(c, now_ + config_.timeouts.keepalive);
  arm_receive(c);
}

// Half-close, then read and discard until the client closes or the linger time ends, so our
// last response is not destroyed by an RST answering bytes the client already sent.
void Worker::linger(Connection& c) {
  unqueue(c);
  if (c.peer_closed) return close_now(c);  // end of stream already read: nothing to drain
  c.phase = Connection::Phase::lingering;
  disengage(c);
  shutdown_send(c.socket);
  linger_queue_.push_back(c, now_ + kLinger);
  arm_receive(c);
}

void Worker::close_now(Connection& c) {
  unqueue(c);
  if (c.phase != Connection::Phase::closing) {
    c.phase = Connection::Phase::closing;
    // Ends any receive or send still pending, so the IoOps come home.
    abort_operations(c.socket);
    // And cancels them by name: on io_uring the shutdown alone has left a multishot receive
    // armed for good (seen in 2-4% of runs of HardeningAllocationFailure: the ring's fdinfo
    // still listed the receives' polls on sockets shut down seconds before), and a connection
    // whose operation never comes home keeps the worker from ever finishing its shutdown.
    if (c.receive_op.in_flight) port_->cancel(c.receive_op);
    if (c.exchange != nullptr && c.exchange->transmit_op.in_flight)
      port_->cancel(c.exchange->transmit_op);
    if (c.counted) {
      // The place under the connection limit is free from now on, not when the kernel has
      // returned the last operation.
      c.counted = false;
      shared_.connections.fetch_sub(1);
    }
  }
  release_if_done(c);
}

void Worker::release_if_done(Connection& c) {
  if (c.busy() || c.socket == kInvalidSocket) return;
  // A pooled connection may be reused within this batch: drop any pending re-arm for it.
  std::erase(receive_retry_, &c);
  disengage(c);
  close_socket(c.socket);
  c.socket = kInvalidSocket;
  free_.push_back(&c);
  --live_;
}

void Worker::unqueue(Connection& c) {
  header_queue_.remove(c);
  keepalive_queue_.remove(c);
  send_queue_.remove(c);
  linger_queue_.remove(c);
}

void Worker::expire(Clock::time_point now) {
  while (Connection* c = header_queue_.front()) {
    if (c->deadline > now) break;
    spdlog::debug("request head not complete within timeouts.header; connection closed");
    close_now(*c);
  }
  while (Connection* c = keepalive_queue_.front()) {
    if (c->deadline > now) break;
    close_now(*c);
  }
  while (Connection* c = linger_queue_.front()) {
    if (c->deadline > now) break;
    close_now(*c);
  }
  while (Connection* c = send_queue_.front()) {
    if (c->deadline > now) break;
    send_queue_.remove(*c);
    Exchange& x = *c->exchange;  // only sending connections wait in this queue
    port_->refresh_progress(x.transmit_op);
    const std::uint64_t moved = x.transmit_op.progress - x.progress_seen;
    const auto period = std::chrono::duration_cast<std::chrono::seconds>(config_.timeouts.send);
    const std::uint64_t wanted =
        config_.timeouts.min_send_rate *
        static_cast<std::uint64_t>(std::max<std::int64_t>(1, period.count()));
    if (moved > 0 && moved >= wanted) {
      x.progress_seen = x.transmit_op.progress;  // moving fast enough: another period
      send_queue_.push_back(*c, now + config_.timeouts.send);
      continue;
    }
    spdlog::info(
        "client read {} bytes in {} ms (timeouts.send), below timeouts.min_send_rate "
        "{} B/s; connection closed",
        moved, config_.timeouts.send.count(), config_.timeouts.min_send_rate);
    close_now(*c);
  }
  resume_accepting();
  if (now >= next_spare_review_) {
    next_spare_review_ = now + kSpareReview;
    if (exchanges_.review() > 0) trim_memory_ = true;
  }
  if (trim_memory_) {
    trim_free_memory();  // hand the freed exchanges' pages back, so idle RSS stays small
    trim_memory_ = false;
  }
  if (!stopping_ && !accept_op_.in_flight && accept_retry_at_ != Clock::time_point{} &&
      now >= accept_retry_at_) {
    accept_retry_at_ = {};
    port_->post_accept(accept_op_, shared_.listener);
  }
  if (stopping_ && now >= shutdown_deadline_) {
    for (auto& c : connections_)
      if (c->socket != kInvalidSocket && c->phase != Connection::Phase::closing) close_now(*c);
  }
}

void Worker::begin_shutdown() {
  if (stopping_) return;
  stopping_ = true;
  parked_.clear();  // closes them
  shutdown_deadline_ = now_ + config_.timeouts.shutdown;
  for (auto& c : connections_) {
    if (c->socket == kInvalidSocket) continue;
    if (c->phase == Connection::Phase::reading && c->idle) close_now(*c);
  }
}

void Worker::tick_clocks() {
  now_ = Clock::now();
  wall_now_ = std::chrono::system_clock::now();
}

http::Now Worker::clock() {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(wall_now_.time_since_epoch()).count();
  if (seconds != date_second_) {
    date_second_ = seconds;
    date_ = http::format_http_date(seconds);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now_.time_since_epoch());
  return {date_second_, date_, ms.count()};
}

void Worker::log_access(const Connection& c, std::uint64_t body_bytes) {
  if (shared_.access_log == nullptr) return;
  const Exchange& x = *c.exchange;
  shared_.access_log->write_combined(c.peer, x.request_line, x.response.status, body_bytes,
                                     x.referer, x.user_agent);
}

}  // namespace portico::server
