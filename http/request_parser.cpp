#include "http/request_parser.hpp"

#include <llhttp.h>

#include <algorithm>

#include "http/token.hpp"

namespace portico::http {
namespace {

// Host = uri-host [ ":" port ]; refuse what could steer a virtual-host or path decision
// elsewhere: '/', '\', whitespace, '@' (userinfo), controls.
bool valid_host(std::string_view host) {
  for (char c : host)
    if (!is_authority_char(c)) return false;
  return true;
}

Method classify(std::uint8_t method) {
  switch (method) {
    case HTTP_GET:
      return Method::get;
    case HTTP_HEAD:
      return Method::head;
    case HTTP_OPTIONS:
      return Method::options;
    default:
      return Method::refused;
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [field, value] : headers)
    if (iequals(field, name)) return value;
  return {};
}

// llhttp calls back through plain function pointers; each one finds the wrapper in `data`.
struct RequestParser::Callbacks {
  static RequestParser& self(llhttp_t* p) { return *static_cast<RequestParser*>(p->data); }

  static int on_message_begin(llhttp_t* p) {
    self(p).reset_request();
    self(p).started_ = true;
    return 0;
  }
  static int on_method(llhttp_t* p, const char* at, std::size_t n) {
    auto& s = self(p);
    if (s.method_length_ == 0) s.method_offset_ = static_cast<std::uint32_t>(s.arena_.size());
    return s.append_piece({at, n}, s.method_length_);
  }
  static int on_url(llhttp_t* p, const char* at, std::size_t n) {
    auto& s = self(p);
    if (s.target_length_ == 0) s.target_offset_ = static_cast<std::uint32_t>(s.arena_.size());
    if (s.target_length_ + n > s.limits_.request_line)
      return s.fail(414, "The request target is longer than the server accepts.");
    // A line break right after the target is an HTTP/0.9 request line ("GET /\r\n"), for
    // which llhttp would wait for fields such a client never sends: refuse it at once. (When
    // the break starts the next chunk, finish_head's version check refuses it instead.)
    const char* end = at + n;
    if (end < s.chunk_end_ && (*end == '\r' || *end == '\n'))
      return s.fail(400, "HTTP/0.9 requests are not supported.");
    return s.append_piece({at, n}, s.target_length_);
  }
  static int on_version_complete(llhttp_t* p) {
    if (p->http_major != 1 || p->http_minor > 1)
      return self(p).fail(505, "Only HTTP/1.0 and HTTP/1.1 are supported.");
    return 0;
  }
  static int on_header_field(llhttp_t* p, const char* at, std::size_t n) {
    auto& s = self(p);
    if (s.head_done_) return s.count_trailer(n);  // chunked trailers: read, never kept
    if (s.in_value_ || s.fields_.empty()) {
      if (s.fields_.size() >= s.limits_.headers)
        return s.fail(431, "The request has more header fields than the server accepts.");
      const auto offset = static_cast<std::uint32_t>(s.arena_.size());
      s.fields_.push_back({offset, 0, offset, 0});
      s.in_value_ = false;
    }
    return s.append_piece({at, n}, s.fields_.back().name_length);
  }
  static int on_header_field_complete(llhttp_t* p) {
    auto& s = self(p);
    if (s.head_done_) return 0;
    // No name piece since the last value (or at all): the line began with ':'.
    if (s.fields_.empty() || s.in_value_ || s.fields_.back().name_length == 0)
      return s.fail(400, "A header field has an empty name.");
    s.fields_.back().value_offset = static_cast<std::uint32_t>(s.arena_.size());
    s.in_value_ = true;
    s.value_end_ = nullptr;
    return 0;
  }
  static int on_header_value(llhttp_t* p, const char* at, std::size_t n) {
    auto& s = self(p);
    if (s.head_done_) return s.count_trailer(n);
    if (s.fields_.empty()) return s.fail(400, "A header field has an empty name.");
    // llhttp 8.1 accepts obs-fold ("X: a\r\n b") and reports the value in two pieces with the
    // line break between them. A value split only by the end of one input chunk is legal.
    if (s.value_end_ != nullptr && at != s.value_end_ &&
        !(at == s.chunk_begin_ && s.value_end_ == s.previous_chunk_end_))
      return s.fail(400, "Folded header lines (obs-fold) are not accepted.");
    s.value_end_ = at + n;
    return s.append_piece({at, n}, s.fields_.back().value_length);
  }
  static int on_headers_complete(llhttp_t* p) { return self(p).finish_head(); }
  static int on_body(llhttp_t* p, const char*, std::size_t n) {
    auto& s = self(p);
    s.body_bytes_ += n;
    if (s.body_bytes_ > s.limits_.body)
      return s.fail(413, "The request body is larger than the server accepts.");
    return 0;
  }
  static int on_message_complete(llhttp_t*) { return HPE_PAUSED; }

  static const llhttp_settings_t& settings() {
    static const llhttp_settings_t table = [] {
      llhttp_settings_t t;
      llhttp_settings_init(&t);
      t.on_message_begin = on_message_begin;
      t.on_method = on_method;
      t.on_url = on_url;
      t.on_version_complete = on_version_complete;
      t.on_header_field = on_header_field;
      t.on_header_field_complete = on_header_field_complete;
      t.on_header_value = on_header_value;
      t.on_headers_complete = on_headers_complete;
      t.on_body = on_body;
      t.on_message_complete = on_message_complete;
      return t;
    }();
    return table;
  }
};

RequestParser::RequestParser(const ParserLimits& limits)
    : limits_(limits), parser_(std::make_unique<llhttp_t>()) {
  llhttp_init(parser_.get(), HTTP_REQUEST, &Callbacks::settings());
  parser_->data = this;
}

RequestParser::~RequestParser() = default;

void RequestParser::reset_request() {
  arena_.clear();
  fields_.clear();
  method_offset_ = method_length_ = target_offset_ = target_length_ = 0;
  body_bytes_ = trailer_bytes_ = 0;
  value_end_ = nullptr;
  in_value_ = head_done_ = answer_before_body_ = false;
}

int RequestParser::fail(int status, std::string_view detail) {
  if (error_status_ == 0) {
    error_status_ = status;
    error_detail_ = detail;
  }
  return HPE_USER;
}

int RequestParser::count_trailer(std::size_t n) {
  trailer_bytes_ += n;
  if (trailer_bytes_ > limits_.header_bytes)
    return fail(431, "The request trailer section is larger than the server accepts.");
  return 0;
}

int RequestParser::append_piece(std::string_view piece, std::uint32_t& length) {
  if (arena_.size() + piece.size() > limits_.header_bytes)
    return fail(431, "The request header section is larger than the server accepts.");
  arena_.append(piece);
  length += static_cast<std::uint32_t>(piece.size());
  return 0;
}

int RequestParser::finish_head() {
  const llhttp_t& p = *parser_;
  // Reset field by field so the header vector keeps its capacity across requests.
  auto headers = std::move(request_.headers);
  headers.clear();
  request_ = Request{};
  request_.headers = std::move(headers);
  request_.method = classify(p.method);
  request_.method_name = std::string_view(arena_).substr(method_offset_, method_length_);
  request_.target = std::string_view(arena_).substr(target_offset_, target_length_);
  request_.version_minor = p.http_minor;
  request_.keep_alive = llhttp_should_keep_alive(&p) != 0;
  int hosts = 0;
  for (const Field& f : fields_) {
    const auto name = std::string_view(arena_).substr(f.name_offset, f.name_length);
    const auto value = std::string_view(arena_).substr(f.value_offset, f.value_length);
    request_.headers.emplace_back(name, value);
    if (iequals(name, "host")) {
      ++hosts;
      request_.host = value;
    }
  }
  head_done_ = true;
  // llhttp reads "GET /" with no version as HTTP/0.9 and never calls on_version_complete.
  if (p.http_major != 1) return fail(400, "HTTP/0.9 requests are not supported.");
  if (hosts > 1) return fail(400, "The request has more than one Host header.");
  if (hosts == 0 && p.http_minor == 1) return fail(400, "HTTP/1.1 requests need a Host header.");
  if (!valid_host(request_.host)) return fail(400, "The Host header is not a valid host name.");
  if ((p.flags & F_TRANSFER_ENCODING) && p.http_minor == 0)
    return fail(400, "Transfer-Encoding is not allowed in HTTP/1.0.");

  const bool has_body = (p.flags & F_CHUNKED) || ((p.flags & F_CONTENT_LENGTH) && p.content_length);
  const std::string_view expect = request_.header("expect");
  if (!expect.empty()) {
    if (!iequals(expect, "100-continue") || p.http_minor == 0)
      return fail(417, "The only expectation this server meets is 100-continue.");
    if (has_body) {
      // RFC 9110 §10.1.1: answer with the final status instead of 100 and close, so the
      // client never sends a body nobody reads (no static response depends on it).
      request_.keep_alive = false;
      answer_before_body_ = true;
      return HPE_PAUSED;
    }
  }
  if (has_body) {
    // The response does not depend on the body: refuse oversize or unwanted bodies at once
    // instead of reading them, and close afterwards.
    if (request_.method == Method::refused) {
      request_.keep_alive = false;
      answer_before_body_ = true;
      return HPE_PAUSED;  // 405, whatever the body's size
    }
    if ((p.flags & F_CONTENT_LENGTH) && p.content_length > limits_.body)
      return fail(413, "The request body is larger than the server accepts.");
  }
  return 0;
}

ParseOutcome RequestParser::feed(std::string_view data) {
  previous_chunk_end_ = chunk_end_;
  chunk_begin_ = data.data();
  chunk_end_ = data.data() + data.size();

  const llhttp_errno_t err = llhttp_execute(parser_.get(), data.data(), data.size());
  ParseOutcome out;
  if (err == HPE_OK) {
    out.consumed = data.size();
    return out;
  }
  const char* stop = llhttp_get_error_pos(parser_.get());
  out.consumed = stop ? static_cast<std::size_t>(stop - data.data()) : data.size();
  if (err == HPE_PAUSED && error_status_ == 0) {
    out.status = ParseStatus::complete;
    return out;
  }
  out.status = ParseStatus::error;
  if (error_status_ != 0) {
    out.error_status = error_status_;
    out.error_detail = error_detail_;
  } else if (err == HPE_INVALID_METHOD) {
    // A well-formed token that llhttp does not know is a method we do not implement (501);
    // anything else on the request line is malformed (400).
    const std::size_t space = data.find(' ');
    const std::string_view token = data.substr(0, space);
    const bool is_token = space != std::string_view::npos && !token.empty() &&
                          std::all_of(token.begin(), token.end(), is_tchar);
    out.error_status = is_token ? 501 : 400;
    out.error_detail = is_token ? "The request method is not implemented by this server."
                                : "The request line is malformed.";
  } else if (err == HPE_INVALID_VERSION) {
    out.error_status = 505;
    out.error_detail = "Only HTTP/1.0 and HTTP/1.1 are supported.";
  } else {
    out.error_status = 400;
    out.error_detail = "The request could not be parsed.";
  }
  return out;
}

void RequestParser::next() {
  if (answer_before_body_) return;  // the connection closes; nothing follows
  llhttp_resume(parser_.get());
  reset_request();
  started_ = false;
  // No view may outlive the arena it points into; keep only the vector's capacity.
  auto headers = std::move(request_.headers);
  headers.clear();
  request_ = Request{};
  request_.headers = std::move(headers);
}

void RequestParser::reset() {
  // The parser may have stopped anywhere (an error, a client gone mid-head): start afresh.
  llhttp_reset(parser_.get());
  reset_request();
  started_ = false;
  error_status_ = 0;
  error_detail_ = {};
  chunk_begin_ = chunk_end_ = previous_chunk_end_ = nullptr;
  auto headers = std::move(request_.headers);
  headers.clear();
  request_ = Request{};
  request_.headers = std::move(headers);
}

void RequestParser::release_memory() {
  reset();
  std::string().swap(arena_);
  std::vector<Field>().swap(fields_);
  request_ = Request{};
}

}  // namespace portico::http
