#include "tests/integration/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace portico::it {

using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `text` has the shape of `pattern`: '9' stands for any digit, every other character for itself.
bool matches(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool ok = pattern[i] == '9' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                                      : text[i] == pattern[i];
    if (!ok) return false;
  }
  return true;
}

int fill_once(int fd, std::string& buffer, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    if (n == 0) return -1;  // timeout
    char buf[65536];
    ssize_t got = ::recv(fd, buf, sizeof buf, 0);
    if (got > 0) {
      buffer.append(buf, static_cast<std::size_t>(got));
      return 1;
    }
    if (got == 0) return 0;
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == ECONNRESET || errno == EPIPE) return 0;
    throw std::runtime_error(std::string("recv: ") + std::strerror(errno));
  }
}

Response parse_head(const std::string& head) {
  Response r;
  std::size_t eol = head.find("\r\n");
  std::string status_line = head.substr(0, eol);
  // "HTTP/d.d ddd reason"
  if (!matches(status_line.substr(0, 12), "HTTP/9.9 999") ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    throw std::runtime_error("malformed status line: '" + status_line + "'");
  }
  r.version = status_line.substr(0, 8);
  r.status = std::stoi(status_line.substr(9, 3));
  r.reason = status_line.size() > 13 ? status_line.substr(13) : "";
  std::size_t pos = eol + 2;
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string_view line(head.data() + pos, end - pos);
    pos = end + 2;
    if (line.empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' ||
        line.front() == '\t') {
      throw std::runtime_error("malformed header line: '" + std::string(line) + "'");
    }
    r.headers.emplace_back(std::string(line.substr(0, colon)),
                           std::string(trim(line.substr(colon + 1))));
  }
  return r;
}

}  // namespace

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

std::size_t Response::header_count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(
      headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); }));
}

bool Response::has_token(std::string_view name, std::string_view token) const {
  for (const auto& [k, v] : headers) {
    if (!iequals(k, name)) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      if (iequals(trim(rest.substr(0, comma)), token)) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

Connection::Connection(const std::string& host, std::uint16_t port, int rcvbuf) {
  bool v6 = host.find(':') != std::string::npos;
  fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  if (rcvbuf > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  timeval tv{10, 0};  // a send can never block a test for longer than this
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int rc;
  if (v6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    if (inet_pton(AF_INET6, host.c_str(), &a.sin6_addr) != 1) throw std::runtime_error("bad v6");
    rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1) throw std::runtime_error("bad v4");
    rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  if (rc != 0) {
    int e = errno;
    ::close(fd_);
    fd_ = -1;
    errno = e;
    throw std::system_error(e, std::generic_category(),
                            "connect " + host + ":" + std::to_string(port));
  }
}

std::optional<Connection> Connection::try_connect(const std::string& host, std::uint16_t port,
                                                  int* error) {
  try {
    Connection c(host, port);
    if (error) *error = 0;
    return c;
  } catch (const std::system_error& e) {
    if (error) *error = e.code().value();
    return std::nullopt;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

Connection::Connection(Connection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

bool Connection::try_send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void Connection::send(std::string_view bytes) {
  if (!try_send(bytes)) {
    throw std::runtime_error(std::string("send failed: ") + std::strerror(errno));
  }
}

bool Connection::fill(Clock::time_point deadline) {
  int r = fill_once(fd_, buffer_, deadline);
  if (r < 0) throw std::runtime_error("timed out waiting for the server");
  return r > 0;
}

std::string Connection::take(std::size_t n) {
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

Response Connection::read_head(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (buffer_.size() > kMaxHead) throw std::runtime_error("response head too large");
    if (!fill(deadline)) {
      throw ConnectionClosed("connection closed before a complete response head (got " +
                             std::to_string(buffer_.size()) + " bytes)");
    }
  }
  return parse_head(take(end + 4));
}

std::string Connection::read_exact(std::size_t size, std::chrono::milliseconds timeout) {
  return read_bytes(size, timeout, false);
}

std::string Connection::read_large_body(std::size_t size, std::chrono::milliseconds timeout) {
  return read_bytes(size, timeout, true);
}

std::string Connection::read_bytes(std::size_t size, std::chrono::milliseconds timeout,
                                   bool timeout_per_arrival) {
  const auto deadline = Clock::now() + timeout;
  std::string out;
  out.reserve(size);
  while (out.size() < size) {
    if (buffer_.empty() && !fill(timeout_per_arrival ? Clock::now() + timeout : deadline)) {
      throw ConnectionClosed("connection closed after " + std::to_string(out.size()) + " of " +
                             std::to_string(size) + " body bytes");
    }
    // Straight from the receive buffer (at most 64 KiB past what was asked): no temporary.
    const std::size_t n = std::min(buffer_.size(), size - out.size());
    out.append(buffer_, 0, n);
    buffer_.erase(0, n);
  }
  return out;
}

std::string Connection::recv_some(std::size_t max, std::chrono::milliseconds timeout) {
  if (buffer_.empty()) fill(Clock::now() + timeout);
  return take(std::min(max, buffer_.size()));
}

Response Connection::read_response(bool head_request, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Response r = read_head(timeout);
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  };
  if (head_request || r.status / 100 == 1 || r.status == 204 || r.status == 304) return r;
  if (r.has_token("Transfer-Encoding", "chunked")) {
    for (;;) {
      std::size_t eol;
      while ((eol = buffer_.find("\r\n")) == std::string::npos) {
        if (!fill(deadline)) throw ConnectionClosed("closed inside a chunk size line");
      }
      std::size_t chunk = std::stoul(take(eol + 2), nullptr, 16);
      if (chunk == 0) {
        while (buffer_.find("\r\n") != 0) {  // trailers, then the blank line
          std::size_t e;
          while ((e = buffer_.find("\r\n")) == std::string::npos) {
            if (!fill(deadline)) throw ConnectionClosed("closed inside the trailers");
          }
          if (e != 0) take(e + 2);
        }
        take(2);
        return r;
      }
      r.body += read_exact(chunk, left());
      if (read_exact(2, left()) != "\r\n") throw std::runtime_error("bad chunk terminator");
    }
  }
  if (auto length = r.header("Content-Length")) {
    r.body = read_exact(std::stoull(*length), left());
    return r;
  }
  while (fill(deadline)) {  // no length: the body ends when the server closes
  }
  r.body = take(buffer_.size());
  return r;
}

std::vector<Response> Connection::read_responses(std::size_t count,
                                                 std::chrono::milliseconds timeout) {
  std::vector<Response> out;
  const auto deadline = Clock::now() + timeout;
  for (std::size_t i = 0; i < count; ++i) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    out.push_back(read_response(false, std::max(left, std::chrono::milliseconds(1))));
  }
  return out;
}

bool Connection::wait_closed(std::chrono::milliseconds timeout, std::string* trailing) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int r = fill_once(fd_, buffer_, deadline);
    if (r < 0) return false;
    if (r == 0) break;
  }
  if (trailing) *trailing = take(buffer_.size());
  return true;
}

bool Connection::stays_open(std::chrono::milliseconds quiet) {
  if (!buffer_.empty()) return false;
  return fill_once(fd_, buffer_, Clock::now() + quiet) < 0;
}

Response Connection::request(std::string_view method, std::string_view target,
                             std::string_view extra_headers) {
  send(make_request(method, target, extra_headers));
  return read_response(method == "HEAD");
}

Response get(const std::string& host, std::uint16_t port, std::string_view target) {
  Connection c(host, port);
  return c.request("GET", target);
}

Response raw_exchange(const std::string& host, std::uint16_t port, std::string_view request,
                      bool head_request) {
  Connection c(host, port);
  c.send(request);
  return c.read_response(head_request);
}

std::string make_request(std::string_view method, std::string_view target,
                         std::string_view extra_headers, std::string_view version) {
  std::string r;
  r.append(method).append(" ").append(target).append(" ").append(version).append("\r\n");
  r.append("Host: localhost\r\n").append(extra_headers).append("\r\n");
  return r;
}

bool is_http_date(const std::string& value) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (value.size() != 29) return false;
  const std::string_view v = value;
  const auto in = [](std::string_view word, const auto& list) {
    return std::find(std::begin(list), std::end(list), word) != std::end(list);
  };
  return in(v.substr(0, 3), kDays) && in(v.substr(8, 3), kMonths) &&
         matches(v.substr(3, 5), ", 99 ") && matches(v.substr(11), " 9999 99:99:99 GMT");
}

}  // namespace portico::it
