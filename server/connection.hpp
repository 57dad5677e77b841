#pragma once
// Per-handle data: one accepted socket, its parser, the response in flight and its deadlines.
// Connections come from the worker's pool and are reused; each embeds its two IoOps, since an
// HTTP/1.1 connection never has more than one receive and one transmit outstanding.

#include <chrono>
#include <cstdint>
#include <string>

#include "http/request_parser.hpp"
#include "http/static_file.hpp"
#include "server/port.hpp"

namespace portico::server {

using Clock = std::chrono::steady_clock;

class Connection {
 public:
  enum class Phase : std::uint8_t {
    reading,    // waiting for (the rest of) a request
    sending,    // a response is being transmitted; no receive armed
    lingering,  // response sent, write side shut: drain the client briefly before closing
    closing,    // waiting for outstanding operations before the socket is closed
  };

  explicit Connection(const http::ParserLimits& limits) : parser(limits) {
    receive_op.connection = this;
    transmit_op.connection = this;
  }

  Socket socket = kInvalidSocket;
  Phase phase = Phase::reading;
  IoOp receive_op;
  IoOp transmit_op;
  http::RequestParser parser;
  std::string pending;  // received bytes not yet parsed (pipelined requests, partial heads)
  http::ResponsePlan response;
  std::string peer;  // for the access log
  std::string request_line;
  std::string referer, user_agent;
  Clock::time_point deadline{};
  std::uint64_t progress_seen = 0;
  std::size_t next_segment = 0;  // multipart: index into response.more of the next transmit
  std::uint64_t body_sent = 0;
  bool keep_alive_after = true;
  bool idle = true;  // between requests, nothing of the next one received yet
  bool counted = false;  // holds a place under limits.max_connections

  // Intrusive list of the worker's timer queue this connection sits in.
  Connection* prev = nullptr;
  Connection* next = nullptr;
  int queue = -1;

  bool busy() const { return receive_op.in_flight || transmit_op.in_flight; }
};

}  // namespace portico::server
