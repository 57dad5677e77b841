#pragma once
// Incremental HTTP/1.1 request parser: llhttp in strict mode plus the checks llhttp 8.1 leaves
// to the application (Host, versions, obs-fold, size limits, bodies on GET/HEAD/OPTIONS).
//
// feed() consumes bytes until one request is complete (llhttp is paused there, so pipelined
// requests behind it stay unconsumed and are answered in order), more bytes are needed, or the
// input is rejected. A rejected connection must be closed after the error response: llhttp's
// state cannot be trusted past an error.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"

struct llhttp__internal_s;  // llhttp_t, kept out of this header

namespace portico::http {

struct ParserLimits {
  std::uint64_t request_line = 8 * 1024;
  std::uint64_t header_bytes = 16 * 1024;
  std::uint64_t headers = 100;
  std::uint64_t body = 1024 * 1024;
};

enum class ParseStatus { need_more, complete, error };

struct ParseOutcome {
  ParseStatus status = ParseStatus::need_more;
  std::size_t consumed = 0;  // bytes of the input used; the rest belongs to later requests
  int error_status = 0;      // HTTP status to answer with when status == error
  std::string_view error_detail;
};

class RequestParser {
 public:
  explicit RequestParser(const ParserLimits& limits);
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  ParseOutcome feed(std::string_view data);

  // The request last reported complete.
  const Request& request() const { return request_; }

  // True once any byte of the current request has been seen.
  bool in_progress() const { return started_; }

  // Forget the completed request and accept the next one.
  void next();

  // Back to the state of a new parser, however the last request ended (an error, a client
  // gone mid-head), keeping the storage for the next one.
  void reset();
  // reset(), and free the storage too.
  void release_memory();

 private:
  struct Field {
    std::uint32_t name_offset, name_length, value_offset, value_length;
  };
  struct Callbacks;

  void reset_request();
  int fail(int status, std::string_view detail);
  int append_piece(std::string_view piece, std::uint32_t& length);
  int count_trailer(std::size_t n);
  int finish_head();

  ParserLimits limits_;
  std::unique_ptr<::llhttp__internal_s> parser_;
  Request request_;
  std::string arena_;  // method, target, field names and values, copied out of the input
  std::vector<Field> fields_;
  std::uint32_t method_offset_ = 0, method_length_ = 0;
  std::uint32_t target_offset_ = 0, target_length_ = 0;
  bool started_ = false;
  std::uint64_t body_bytes_ = 0;
  std::uint64_t trailer_bytes_ = 0;
  // obs-fold detection: a value delivered in two pieces that are not adjacent in the input.
  const char* value_end_ = nullptr;
  const char* chunk_begin_ = nullptr;
  const char* chunk_end_ = nullptr;
  const char* previous_chunk_end_ = nullptr;
  bool in_value_ = false;
  bool head_done_ = false;
  bool answer_before_body_ = false;
  int error_status_ = 0;
  std::string_view error_detail_;
};

}  // namespace portico::http
