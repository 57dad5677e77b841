// RequestParser as server/worker.cpp drives it: bytes arrive in receive-sized pieces, each in
// a buffer of its own; after a complete request the unconsumed rest is copied aside, next() is
// called, and the rest is fed again (pipelining); an error or a request that does not keep the
// connection alive ends the connection.
//
// Input layout:
//   byte 0   mode: bits 0-2 pick the largest piece (1, 2, 3, 5, 8, 16, 64 or 4096 bytes),
//            bit 3 selects tiny limits so that 413, 414 and 431 are reachable in short inputs,
//            bit 4 calls release_memory() whenever the parser is idle between requests,
//            bit 5 hands the parser to a new connection afterwards, as server/worker.cpp does
//            with a released Connection, and checks that a plain request parses there
//   byte 1   seed for the piece sizes
//   rest     what the client sends

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "http/request_parser.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::fuzz::touch;
using portico::http::Method;
using portico::http::ParseOutcome;
using portico::http::ParserLimits;
using portico::http::ParseStatus;
using portico::http::Request;
using portico::http::RequestParser;

// A buffer owned by one feed, sized exactly, so reading past it is caught.
struct Chunk {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
  explicit Chunk(std::string_view from)
      : bytes(std::make_unique<char[]>(std::max<std::size_t>(from.size(), 1))), size(from.size()) {
    if (size != 0) std::memcpy(bytes.get(), from.data(), size);
  }
  std::string_view view() const { return {bytes.get(), size}; }
};

class Pieces {
 public:
  Pieces(std::uint8_t mode, std::uint8_t seed) : state_(0x9e3779b9u ^ (seed * 0x01000193u) ^ mode) {
    static constexpr std::array<std::size_t, 8> kLargest{1, 2, 3, 5, 8, 16, 64, 4096};
    largest_ = kLargest[mode & 7];
  }
  std::size_t next() {
    state_ ^= state_ << 13;  // xorshift32
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return 1 + state_ % largest_;
  }

 private:
  std::uint32_t state_;
  std::size_t largest_;
};

bool is_allowed_error(int status) {
  switch (status) {
    case 400:
    case 413:
    case 414:
    case 417:  // an Expect other than 100-continue
    case 431:
    case 501:
    case 505:
      return true;
    default:
      return false;
  }
}

// Everything the server reads from a request, read here too.
void check_request(const Request& r) {
  FUZZ_CHECK(!r.target.empty());
  FUZZ_CHECK(!r.method_name.empty());
  FUZZ_CHECK(r.version_minor == 0 || r.version_minor == 1);
  FUZZ_CHECK(r.method != Method::get || r.method_name == "GET");
  FUZZ_CHECK(r.method != Method::head || r.method_name == "HEAD");
  FUZZ_CHECK(r.method != Method::options || r.method_name == "OPTIONS");
  touch(r.method_name);
  touch(r.target);
  touch(r.host);
  for (const auto& [name, value] : r.headers) {
    FUZZ_CHECK(!name.empty());
    touch(name);
    touch(value);
  }
  touch(r.header("referer"));
  touch(r.header("user-agent"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0];
  Pieces pieces(mode, data[1]);
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  ParserLimits limits;
  if (mode & 8)
    limits = ParserLimits{.request_line = 24, .header_bytes = 96, .headers = 3, .body = 16};
  const bool release_when_idle = (mode & 16) != 0;

  RequestParser parser(limits);
  std::size_t position = 0;
  bool open = true;
  while (open && position < stream.size()) {
    const std::size_t length = std::min(pieces.next(), stream.size() - position);
    auto chunk = std::make_unique<Chunk>(stream.substr(position, length));
    position += length;

    // One receive completion, and the pipelined requests it may carry.
    while (true) {
      const std::string_view input = chunk->view();
      const ParseOutcome out = parser.feed(input);
      FUZZ_CHECK(out.consumed <= input.size());
      if (out.status == ParseStatus::need_more) {
        FUZZ_CHECK(out.consumed == input.size());
        FUZZ_CHECK(out.error_status == 0);
        break;
      }
      if (out.status == ParseStatus::error) {
        FUZZ_CHECK(is_allowed_error(out.error_status));
        FUZZ_CHECK(!out.error_detail.empty());
        // The server logs "METHOD target" of whatever request the parser holds.
        touch(parser.request().method_name);
        touch(parser.request().target);
        open = false;
        break;
      }
      FUZZ_CHECK(out.status == ParseStatus::complete);
      FUZZ_CHECK(out.error_status == 0);
      // A request made of no bytes would be answered forever.
      FUZZ_CHECK(out.consumed > 0 || parser.in_progress());
      check_request(parser.request());
      if (!parser.request().keep_alive) {
        open = false;  // the server lingers and closes
        break;
      }
      auto rest = std::make_unique<Chunk>(input.substr(out.consumed));
      chunk = std::move(rest);  // the receive buffer goes back to the pool
      parser.next();
      FUZZ_CHECK(!parser.in_progress());
      if (chunk->size == 0) {
        if (release_when_idle) parser.release_memory();
        break;
      }
    }
  }
  // What the server does when the connection ends, however it ended (error, close, or the
  // client leaving mid-request): the Connection, parser included, goes back to the free list.
  parser.next();
  parser.release_memory();
  if (mode & 32) {
    // The next client must find a fresh parser.
    static constexpr std::string_view kFresh = "GET /fresh HTTP/1.1\r\nHost: b\r\n\r\n";
    const Chunk fresh(kFresh);
    const ParseOutcome out = parser.feed(fresh.view());
    FUZZ_CHECK(out.status == ParseStatus::complete);
    FUZZ_CHECK(out.consumed == kFresh.size());
    FUZZ_CHECK(parser.request().target == "/fresh");
  }
  return 0;
}
