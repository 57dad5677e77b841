#pragma once
// A small blocking Winsock HTTP/1.1 client for the Windows tests: enough to read responses
// framed by Content-Length (every response portico sends) on one connection.

#include <winsock2.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace portico::wt {

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port);  // connects to 127.0.0.1:port; throws on failure
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(std::string_view bytes);
  // Reads one response; `head_request`: no body follows whatever Content-Length says.
  Response read_response(bool head_request = false);
  // True when the server closed the connection (end of stream or reset) within `limit`.
  bool closed_by_server(std::chrono::milliseconds limit);

 private:
  bool fill(std::chrono::milliseconds limit);
  SOCKET socket_ = INVALID_SOCKET;
  std::string buffered_;
};

// GET `target` on a new connection with Connection: close.
Response get(std::uint16_t port, std::string_view target, std::string_view extra_headers = {});

}  // namespace portico::wt
