#pragma once
// One worker thread: a Port, the connections it accepted, and the io_state machine that moves
// them along:
//
//   accepted ─► receive ──(request complete)──► transmit_file ──► receive …
//               │   ▲          │                     │ pipelined bytes left: parse the next
//               │   └(need more)┘                     ▼
//               └─(end of stream, error, parse error → error response)─► linger ─► close
//   shutdown: stop accepting, close idle connections, let responses in flight finish until
//             the shutdown deadline, then leave the loop.

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "http/docroot.hpp"
#include "http/file_cache.hpp"
#include "http/static_file.hpp"
#include "server/access_log.hpp"
#include "server/connection.hpp"
#include "server/exchange_pool.hpp"
#include "server/port.hpp"
#include "server/socket_ops.hpp"
#include "server/timer_queue.hpp"

namespace portico::server {

// What every worker shares (read-only, or atomic).
struct SharedState {
  const config::Config* config = nullptr;
  http::SiteRules rules;
  http::Docroot* docroot = nullptr;
  AccessLog* access_log = nullptr;
  Socket listener = kInvalidSocket;
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> accepted{0};  // deals accepted sockets round-robin to workers
  std::atomic<bool> stopping{false};

  // A precompressed sibling older than its original is ignored; say so once per file.
  void warn_stale_sibling(const std::string& path);

 private:
  std::mutex stale_mutex_;
  std::set<std::string> stale_reported_;
};

// A socket accepted by one worker, on its way to the one that serves it. It owns the socket
// until take() hands it to a connection: one dropped anywhere on the way (refused, or an
// allocation failing) closes it.
struct Accepted {
  Socket socket = kInvalidSocket;
  std::string peer;  // the client's address when the port reported it (and it is logged)

  Accepted(Socket s, std::string p) : socket(s), peer(std::move(p)) {}
  Accepted(Accepted&& other) noexcept
      : socket(std::exchange(other.socket, kInvalidSocket)), peer(std::move(other.peer)) {}
  Accepted& operator=(Accepted&& other) noexcept {
    std::swap(socket, other.socket);
    peer = std::move(other.peer);
    return *this;
  }
  ~Accepted() {
    if (socket != kInvalidSocket) close_socket(socket);
  }
  Socket take() { return std::exchange(socket, kInvalidSocket); }
};

class Worker {
 public:
  Worker(SharedState& shared, std::unique_ptr<Port> port);
  ~Worker();

  // Runs the loop on the calling thread until shutdown completes.
  void run();
  // Any thread: SharedState::stopping must be set first.
  void request_shutdown() { port_->post_control(); }
  // Any thread: a socket another worker accepted, for this worker to serve.
  void hand_over(Accepted accepted);
  // Every worker, for hand-overs; set before any worker runs.
  void set_peers(std::vector<Worker*> peers) { peers_ = std::move(peers); }

 private:
  void dispatch(const Completion& completion);
  void on_accept(const Completion& completion);
  void on_control();
  void adopt(Accepted accepted);
  void serve(Connection& c, Accepted accepted);
  void on_receive(Connection& c, const Completion& completion);
  void read_ahead(Connection& c, const Completion& completion);
  void on_transmit(Connection& c, const Completion& completion);
  void begin_shutdown();

  Exchange& engage(Connection& c);
  void disengage(Connection& c);
  void feed(Connection& c, std::string_view input, bool input_is_pending);
  void respond(Connection& c, http::ResponsePlan plan);
  void finish_response(Connection& c);
  void arm_receive(Connection& c);
  void linger(Connection& c);
  void close_now(Connection& c);
  void release_if_done(Connection& c);
  void expire(Clock::time_point now);
  void unqueue(Connection& c);

  Connection* acquire();
  bool make_room();
  void resume_accepting();
  void tick_clocks();  // reads both clocks, once per batch of completions
  http::Now clock();   // the Date string is built once per second
  void log_access(const Connection& c, std::uint64_t body_bytes);

  SharedState& shared_;
  const config::Config& config_;
  std::unique_ptr<Port> port_;
  http::ParserLimits limits_;
  http::FileCache files_;
  IoOp accept_op_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> free_;
  ExchangePool exchanges_;
  Clock::time_point next_spare_review_{};
  bool trim_memory_ = false;
  std::vector<Connection*> receive_retry_;  // receives refused with ENOBUFS, re-armed later
  std::vector<Worker*> peers_;
  std::mutex inbox_mutex_;
  std::vector<Accepted> inbox_;  // sockets handed over by other workers
  std::vector<Accepted> inbox_taken_;
  std::deque<Accepted> parked_;  // accepted at the connection limit, waiting for a place
  TimerQueue header_queue_{0}, keepalive_queue_{1}, send_queue_{2}, linger_queue_{3};
  std::uint64_t live_ = 0;
  bool stopping_ = false;
  Clock::time_point now_{};
  // Wall time, read with now_ once per batch of completions: the Date field's source.
  std::chrono::system_clock::time_point wall_now_{};
  Clock::time_point shutdown_deadline_{};
  Clock::time_point accept_retry_at_{};
  Clock::time_point accept_warned_at_{};
  std::uint64_t accept_failures_ = 0;
  bool accept_paused_ = false;  // at limits.max_connections: the accept is cancelled
  std::int64_t date_second_ = -1;
  std::string date_;
};

}  // namespace portico::server
