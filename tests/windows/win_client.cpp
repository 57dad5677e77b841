#include "tests/windows/win_client.hpp"

#include <ws2tcpip.h>

#include <cctype>
#include <stdexcept>

namespace portico::wt {

Client::Client(std::uint16_t port) {
  socket_ = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (socket_ == INVALID_SOCKET) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("connect failed: " + std::to_string(WSAGetLastError()));
}

Client::~Client() {
  if (socket_ != INVALID_SOCKET) closesocket(socket_);
}

void Client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const int n = ::send(socket_, bytes.data(), static_cast<int>(bytes.size()), 0);
    if (n <= 0) throw std::runtime_error("send failed: " + std::to_string(WSAGetLastError()));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Appends what arrives within `limit`; false at end of stream, on error or on timeout.
bool Client::fill(std::chrono::milliseconds limit) {
  const DWORD ms = static_cast<DWORD>(limit.count());
  setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&ms), sizeof ms);
  char chunk[65536];
  const int n = ::recv(socket_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffered_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

Response Client::read_response(bool head_request) {
  constexpr auto kLimit = std::chrono::seconds(10);
  std::size_t end;
  while ((end = buffered_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(kLimit)) throw std::runtime_error("connection ended before a response head");
  Response response;
  const std::string head = buffered_.substr(0, end);
  buffered_.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12) throw std::runtime_error("bad status line: " + status_line);
  response.status = std::stoi(status_line.substr(9, 3));
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    response.headers[name] = value;
  }
  if (head_request) return response;
  const std::string length = response.header("content-length");
  const std::size_t size = length.empty() ? 0 : std::stoull(length);
  while (buffered_.size() < size)
    if (!fill(kLimit)) throw std::runtime_error("connection ended inside a response body");
  response.body = buffered_.substr(0, size);
  buffered_.erase(0, size);
  return response;
}

bool Client::closed_by_server(std::chrono::milliseconds limit) {
  const DWORD ms = static_cast<DWORD>(limit.count());
  setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&ms), sizeof ms);
  char byte;
  const int n = ::recv(socket_, &byte, 1, 0);
  if (n == 0) return true;
  if (n < 0) return WSAGetLastError() != WSAETIMEDOUT;
  buffered_.push_back(byte);
  return false;
}

Response get(std::uint16_t port, std::string_view target, std::string_view extra_headers) {
  Client client(port);
  client.send("GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
              std::string(extra_headers) + "Connection: close\r\n\r\n");
  return client.read_response();
}

}  // namespace portico::wt
