// Request framing a server must refuse (and then close), and bodies that must never be read as
// requests: the ways a request stream is smuggled or desynchronised.

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hardening_support.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using namespace std::string_literals;
using hardening::Clock;
using hardening::expect_refused;
using hardening::ms;
using std::chrono::milliseconds;

struct Malformed {
  const char* name;
  std::string request;
  std::vector<int> statuses;  // any of these is right
};

void PrintTo(const Malformed& m, std::ostream* os) {
  *os << m.name;
}

std::string with_header(const std::string& line) {
  return "GET /a.txt HTTP/1.1\r\nHost: localhost\r\n" + line + "\r\n\r\n";
}

const std::vector<Malformed>& malformed() {
  static const std::vector<Malformed> cases = {
      {"TransferEncodingGzip", with_header("Transfer-Encoding: gzip"), {400, 501}},
      {"TransferEncodingChunkedThenGzip",
       with_header("Transfer-Encoding: chunked, gzip"),
       {400, 501}},
      {"TransferEncodingOnHttp10",
       "GET /a.txt HTTP/1.0\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       {400}},
      {"BareCrInValue", with_header("X-Value: one\rtwo"), {400}},
      {"NulInValue", with_header("X-Value: one\0two"s), {400}},
      {"ControlInValue", with_header("X-Value: one\x01two"), {400}},
      {"EscapeInValue", with_header("X-Value: one\x1btwo"), {400}},
      {"DelInValue", with_header("X-Value: one\x7ftwo"), {400}},
      {"NulInName", with_header("X-Na\0me: value"s), {400}},
      {"ControlInName", with_header("X-Na\x01me: value"), {400}},
      {"DelInName", with_header("X-Na\x7fme: value"), {400}},
      {"SpaceInName", with_header("X Name: value"), {400}},
      {"HostWithSlash", "GET /a.txt HTTP/1.1\r\nHost: local/host\r\n\r\n", {400}},
      {"HostWithBackslash", "GET /a.txt HTTP/1.1\r\nHost: local\\host\r\n\r\n", {400}},
      {"HostWithSpace", "GET /a.txt HTTP/1.1\r\nHost: local host\r\n\r\n", {400}},
      {"TwoHostsAnyCase",
       "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nhOST: localhost\r\n\r\n",
       {400}},
      {"Http09RequestLine", "GET /\r\n", {400, 505}},
      {"Http09RequestLineAndBlankLine", "GET /a.txt\r\n\r\n", {400, 505}},
      {"Http09RequestLineAndHeaders", "GET /a.txt\r\nHost: localhost\r\n\r\n", {400, 505}},
      {"Http12", "GET /a.txt HTTP/1.2\r\nHost: localhost\r\n\r\n", {505}},
      {"Http30", "GET /a.txt HTTP/3.0\r\nHost: localhost\r\n\r\n", {505}},
      {"Http2Preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {400, 501, 505}},
  };
  return cases;
}

class HardeningMalformed : public ServerTest, public ::testing::WithParamInterface<Malformed> {};

TEST_P(HardeningMalformed, RefusedAndClosed) {
  expect_refused(connect(), GetParam().request, GetParam().statuses);
}

INSTANTIATE_TEST_SUITE_P(Hardening, HardeningMalformed, ::testing::ValuesIn(malformed()),
                         [](const auto& info) { return std::string(info.param.name); });

class HardeningBodies : public ServerTest {
 protected:
  // /a.txt (its body skipped) then /sub/b.txt are answered, and nothing more: a third response
  // would mean the skipped body was parsed as a request.
  void expect_exactly_a_then_b(Connection& c) {
    auto responses = c.read_responses(2);
    EXPECT_EQ(responses[0].status, 200);
    EXPECT_EQ(responses[0].body, site().content("/a.txt"));
    EXPECT_EQ(responses[1].status, 200);
    EXPECT_EQ(responses[1].body, site().content("/sub/b.txt"));
    EXPECT_TRUE(c.stays_open(milliseconds(300))) << "a third response: the body was parsed";
  }
};

// A request text that, were the body parsed as a request, would be answered.
const std::string kSmuggled = "GET /secret HTTP/1.1\r\nHost: localhost\r\n\r\n";

TEST_F(HardeningBodies, ContentLengthBodyOnGetIsSkipped) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt",
                      "Content-Length: " + std::to_string(kSmuggled.size()) + "\r\n") +
         kSmuggled + make_request("GET", "/sub/b.txt"));
  expect_exactly_a_then_b(c);
}

TEST_F(HardeningBodies, ChunkedBodyOnGetIsSkipped) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx", kSmuggled.size());
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "Transfer-Encoding: chunked\r\n") + size + "\r\n" +
         kSmuggled + "\r\n0\r\n\r\n" + make_request("GET", "/sub/b.txt"));
  expect_exactly_a_then_b(c);
}

// POST is refused before its body: the server must not wait for a gigabyte that never comes.
TEST_F(HardeningBodies, PostWithHugeContentLengthIsAnsweredAtOnce) {
  Connection c = connect();
  const auto start = Clock::now();
  c.send(make_request("POST", "/a.txt", "Content-Length: 1000000000\r\n"));
  Response r = c.read_response(false, milliseconds(1000));
  EXPECT_LT(Clock::now() - start, milliseconds(1000)) << ms(Clock::now() - start);
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2))) << "connection left open";
}

TEST_F(HardeningBodies, ExpectContinueGetsTheFinalResponseAtOnce) {
  Connection c = connect();
  const auto start = Clock::now();
  c.send(make_request("GET", "/a.txt", "Content-Length: 10\r\nExpect: 100-continue\r\n"));
  Response r = c.read_response(false, milliseconds(1000));
  EXPECT_LT(Clock::now() - start, milliseconds(1000)) << ms(Clock::now() - start);
  EXPECT_EQ(r.status, 200) << "a 100 Continue must not be sent: the body is not wanted";
  EXPECT_EQ(r.body, site().content("/a.txt"));
  EXPECT_TRUE(r.has_token("Connection", "close"));
  std::string trailing;
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(2), &trailing)) << "connection left open";
  EXPECT_EQ(trailing, "");
}

TEST_F(HardeningBodies, UnknownExpectationIs417) {
  expect_refused(connect(), make_request("GET", "/a.txt", "Expect: something-else\r\n"), {417});
}

class HardeningBodyLimit : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "limits:\n  body: 1KiB\n";
    return o;
  }
};

TEST_F(HardeningBodyLimit, LargeContentLengthBodyIs413) {
  const std::string body(2048, 'b');
  expect_refused(connect(),
                 make_request("GET", "/a.txt", "Content-Length: 2048\r\n") + body +
                     make_request("GET", "/sub/b.txt"),
                 {413});
}

TEST_F(HardeningBodyLimit, LargeChunkedBodyIs413) {
  std::string chunks;
  for (int i = 0; i < 4; ++i) chunks += "200\r\n" + std::string(512, 'c') + "\r\n";
  expect_refused(connect(),
                 make_request("GET", "/a.txt", "Transfer-Encoding: chunked\r\n") + chunks +
                     "0\r\n\r\n" + make_request("GET", "/sub/b.txt"),
                 {413});
}

TEST_F(HardeningBodyLimit, BodyWithinLimitIsRead) {
  const std::string body(1000, 'b');
  Connection c = connect();
  c.send(make_request("GET", "/a.txt", "Content-Length: 1000\r\n") + body +
         make_request("GET", "/sub/b.txt"));
  auto responses = c.read_responses(2);
  EXPECT_EQ(responses[0].body, site().content("/a.txt"));
  EXPECT_EQ(responses[1].body, site().content("/sub/b.txt"));
}

using HardeningLinger = ServerTest;

// The client sends a request answered with `Connection: close` and, in the same send, 1 MiB it
// never expects to be read: the server's close must not turn into an RST that destroys the
// response before the client has read it.
TEST_F(HardeningLinger, ResponseSurvivesUnreadGarbage) {
  Connection c = connect();
  const std::string bytes =
      make_request("GET", "/a.txt", "Connection: close\r\n") + std::string(1024 * 1024, 'g');
  bool sent = false;
  std::thread sender([&] {
    sent = c.try_send(bytes);
    ::shutdown(c.fd(), SHUT_WR);  // done sending, as a client closing would be
  });
  int error = 0;
  const std::string received = hardening::read_until_eof(c.fd(), std::chrono::seconds(8), &error);
  sender.join();
  EXPECT_EQ(error, 0) << "the connection ended with: " << std::strerror(error);
  const std::size_t head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << "no complete response head: " << received;
  EXPECT_EQ(received.rfind("HTTP/1.1 200 ", 0), 0u) << received.substr(0, head_end);
  const std::string body = site().content("/a.txt");
  EXPECT_NE(received.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(received.substr(head_end + 4), body);
  EXPECT_TRUE(sent) << "the server stopped reading before the client finished sending";
}

}  // namespace
}  // namespace portico::it
