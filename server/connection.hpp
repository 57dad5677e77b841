#pragma once
// Per-handle data. A Connection is what an idle keep-alive socket costs: the socket, its
// receive IoOp (the receive picks a buffer only when data arrives), its deadline and timer
// links — about 150 bytes. Everything a request needs while it is read and answered (parser,
// response, pipelined bytes, the transmit IoOp) is an Exchange from the worker's pool, attached
// at the request's first byte and given back when the connection goes idle again.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/request_parser.hpp"
#include "http/static_file.hpp"
#include "server/pending_bytes.hpp"
#include "server/port.hpp"

namespace portico::server {

using Clock = std::chrono::steady_clock;

class Connection;

struct Exchange {
  explicit Exchange(const http::ParserLimits& limits) : parser(limits) {
    transmit_op.state = IoState::transmit_file;
  }

  http::RequestParser parser;
  PendingBytes pending;  // received bytes not yet parsed (pipelined requests)
  http::ResponsePlan response;
  IoOp transmit_op;
  std::size_t next_segment = 0;  // multipart: index into response.more of the next transmit
  std::uint64_t body_sent = 0;
  std::uint64_t progress_seen = 0;
  bool keep_alive_after = true;
  // For the access log line, copied while the request's views are valid.
  std::string request_line, referer, user_agent;
};

class Connection {
 public:
  enum class Phase : std::uint8_t {
    reading,    // waiting for (the rest of) a request
    sending,    // a response is being transmitted; what arrives meanwhile is read-ahead
    lingering,  // response sent, write side shut: drain the client briefly before closing
    closing,    // waiting for outstanding operations before the socket is closed
  };

  Connection() { receive_op.connection = this; }

  Socket socket = kInvalidSocket;
  Phase phase = Phase::reading;
  bool idle = true;             // between requests, nothing of the next one received yet
  bool counted = false;         // holds a place under limits.max_connections
  bool peer_closed = false;     // end of stream seen while a response was being sent
  bool receive_paused = false;  // the receive was cancelled to bound read-ahead
  int queue = -1;               // the TimerQueue this connection sits in
  IoOp receive_op;
  std::unique_ptr<Exchange> exchange;
  std::string peer;  // for the access log (an IPv4 address fits the string's own storage)
  Clock::time_point deadline{};
  Connection* prev = nullptr;
  Connection* next = nullptr;

  bool busy() const {
    return receive_op.in_flight || (exchange != nullptr && exchange->transmit_op.in_flight);
  }
};

}  // namespace portico::server
