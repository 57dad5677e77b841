#pragma once
// A deliberately raw HTTP/1.1 client: it sends exactly the bytes a test gives it and parses
// what comes back strictly enough to notice framing mistakes. Every wait has a deadline, so a
// server that never answers fails the test instead of hanging it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::it {

using namespace std::chrono_literals;

struct Response {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as received
  std::string body;

  // The first value of a header (name compared case-insensitively).
  std::optional<std::string> header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
  // True if a comma-separated header holds `token` (case-insensitive), e.g. Connection: close.
  bool has_token(std::string_view name, std::string_view token) const;
};

// Thrown when the peer closes or resets the connection in the middle of a response.
struct ConnectionClosed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Connection {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout = 10s;

  // Connects to host:port (numeric IPv4 or IPv6). Throws on failure.
  Connection(const std::string& host, std::uint16_t port, int rcvbuf = 0);
  // Like the constructor, but returns the errno instead of throwing (0 = connected).
  static std::optional<Connection> try_connect(const std::string& host, std::uint16_t port,
                                               int* error);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const { return fd_; }

  // Sends every byte (throws on error, e.g. the server closed).
  void send(std::string_view bytes);
  // Like send(), but returns false instead of throwing when the peer is gone.
  bool try_send(std::string_view bytes);

  // Reads one complete response. `head_request`: the request was HEAD, so there is no body.
  Response read_response(bool head_request = false,
                         std::chrono::milliseconds timeout = kDefaultTimeout);
  std::vector<Response> read_responses(std::size_t count,
                                       std::chrono::milliseconds timeout = kDefaultTimeout);
  // Reads only the status line and headers; the body is then read with read_exact()/recv_some().
  Response read_head(std::chrono::milliseconds timeout = kDefaultTimeout);
  // `size` bytes, into storage reserved up front: under a sanitizer, growing one 64 MiB string
  // by doubling (copies and fresh pages, each with its shadow) stalls the reader for seconds.
  std::string read_exact(std::size_t size, std::chrono::milliseconds timeout = kDefaultTimeout);
  // read_exact() for bodies of many MiB: throws only when no byte arrives for `timeout`, however
  // long the whole body takes.
  std::string read_large_body(std::size_t size, std::chrono::milliseconds timeout = 30s);
  // Whatever arrives next (at most `max` bytes); empty at EOF. Throws on timeout.
  std::string recv_some(std::size_t max, std::chrono::milliseconds timeout = kDefaultTimeout);

  // Waits until the server closes the connection (EOF or reset). Bytes that arrive before are
  // collected in `trailing` when given. False if still open after `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout, std::string* trailing = nullptr);
  // True if no byte and no close arrives within `quiet` (the connection is idle and open).
  bool stays_open(std::chrono::milliseconds quiet);

  // Convenience: send a GET/HEAD with Host and read the response.
  Response request(std::string_view method, std::string_view target,
                   std::string_view extra_headers = "");

 private:
  explicit Connection(int fd) : fd_(fd) {}
  // Receives more bytes into buffer_ before the deadline; false at EOF. Throws on timeout.
  bool fill(std::chrono::steady_clock::time_point deadline);
  std::string take(std::size_t n);
  // read_exact() and read_large_body(): `timeout` is the whole read's, or restarts with every
  // arrival.
  std::string read_bytes(std::size_t size, std::chrono::milliseconds timeout,
                         bool timeout_per_arrival);

  int fd_ = -1;
  std::string buffer_;  // received, not yet consumed
};

// One-shot helpers: a new connection, one request, one response.
Response get(const std::string& host, std::uint16_t port, std::string_view target);
Response raw_exchange(const std::string& host, std::uint16_t port, std::string_view request,
                      bool head_request = false);

// A minimal request: "METHOD target HTTP/1.1\r\nHost: localhost\r\n<extra>\r\n".
std::string make_request(std::string_view method, std::string_view target,
                         std::string_view extra_headers = "",
                         std::string_view version = "HTTP/1.1");

// Is `value` an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT")?
bool is_http_date(const std::string& value);

}  // namespace portico::it
