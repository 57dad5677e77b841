#include "http/request_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::http {
namespace {

struct Fed {
  ParseOutcome outcome;
  std::string leftover;
};

// Feeds the whole input in one piece.
Fed feed_all(RequestParser& parser, std::string_view input) {
  ParseOutcome out = parser.feed(input);
  return {out, std::string(input.substr(out.consumed))};
}

TEST(RequestParser, ParsesSimpleGet) {
  RequestParser parser({});
  const auto fed =
      feed_all(parser, "GET /a.txt?x=1 HTTP/1.1\r\nHost: example.com\r\nX-A: b\r\n\r\n");
  ASSERT_EQ(fed.outcome.status, ParseStatus::complete);
  EXPECT_TRUE(fed.leftover.empty());
  const Request& r = parser.request();
  EXPECT_EQ(r.method, Method::get);
  EXPECT_EQ(r.method_name, "GET");
  EXPECT_EQ(r.target, "/a.txt?x=1");
  EXPECT_EQ(r.version_minor, 1);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.host, "example.com");
  EXPECT_EQ(r.header("x-a"), "b");
  EXPECT_EQ(r.header("missing"), "");
}

TEST(RequestParser, PipelinedRequestsAreReportedOneAtATime) {
  RequestParser parser({});
  std::string input;
  for (int i = 0; i < 100; ++i)
    input += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string_view rest = input;
  for (int i = 0; i < 100; ++i) {
    const ParseOutcome out = parser.feed(rest);
    ASSERT_EQ(out.status, ParseStatus::complete) << i;
    EXPECT_EQ(parser.request().target, "/" + std::to_string(i));
    rest.remove_prefix(out.consumed);
    parser.next();
  }
  EXPECT_TRUE(rest.empty());
}

TEST(RequestParser, RequestSplitAcrossEveryByteBoundary) {
  const std::string input = "GET /split HTTP/1.1\r\nHost: h\r\nAccept: text/html, */*\r\n\r\n";
  for (std::size_t cut = 1; cut < input.size(); ++cut) {
    RequestParser parser({});
    const std::string first = input.substr(0, cut), second = input.substr(cut);
    ParseOutcome a = parser.feed(first);
    ASSERT_EQ(a.status, ParseStatus::need_more) << cut;
    ParseOutcome b = parser.feed(second);
    ASSERT_EQ(b.status, ParseStatus::complete) << cut;
    EXPECT_EQ(parser.request().target, "/split");
    EXPECT_EQ(parser.request().header("accept"), "text/html, */*") << cut;
  }
}

TEST(RequestParser, Http10KeepAliveOnlyWhenAsked) {
  RequestParser a({});
  ASSERT_EQ(a.feed("GET / HTTP/1.0\r\n\r\n").status, ParseStatus::complete);
  EXPECT_FALSE(a.request().keep_alive);
  RequestParser b({});
  ASSERT_EQ(b.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_TRUE(b.request().keep_alive);
  RequestParser c({});
  ASSERT_EQ(c.feed("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_FALSE(c.request().keep_alive);
}

TEST(RequestParser, BodyOnGetIsDiscardedNotParsedAsARequest) {
  RequestParser parser({});
  const std::string input =
      "GET /a HTTP/1.1\r\nHost: h\r\nContent-Length: 26\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string_view rest = input;
  ParseOutcome out = parser.feed(rest);
  ASSERT_EQ(out.status, ParseStatus::complete);
  EXPECT_EQ(parser.request().target, "/a");
  rest.remove_prefix(out.consumed);
  parser.next();
  out = parser.feed(rest);
  ASSERT_EQ(out.status, ParseStatus::complete);
  EXPECT_EQ(parser.request().target, "/b");
}

TEST(RequestParser, RefusedMethodWithBodyIsAnsweredBeforeTheBody) {
  RequestParser parser({});
  const auto out = parser.feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\nxx");
  ASSERT_EQ(out.status, ParseStatus::complete);
  EXPECT_EQ(parser.request().method, Method::refused);
  EXPECT_FALSE(parser.request().keep_alive);
}

TEST(RequestParser, ExpectContinueWithBodyIsAnsweredAtOnceAndCloses) {
  RequestParser parser({});
  const auto out = parser.feed(
      "GET /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
  ASSERT_EQ(out.status, ParseStatus::complete);
  EXPECT_FALSE(parser.request().keep_alive);
  RequestParser no_body({});
  ASSERT_EQ(no_body.feed("GET /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_TRUE(no_body.request().keep_alive);
}

TEST(RequestParser, ARecycledParserStartsAfresh) {
  // However the previous connection ended, the next one must find a new parser.
  for (const char* last : {"GET / HTTP/1.1\r\n\r\n", "GET /first HTTP/1.1\r\nX-A: ",
                           "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"}) {
    RequestParser parser({});
    parser.feed(last);
    parser.next();
    parser.release_memory();
    const std::string fresh = "GET /fresh HTTP/1.1\r\nHost: b\r\n\r\n";
    const ParseOutcome out = parser.feed(fresh);
    ASSERT_EQ(out.status, ParseStatus::complete) << last;
    EXPECT_EQ(out.consumed, fresh.size()) << last;
    EXPECT_EQ(parser.request().target, "/fresh") << last;
  }
}

TEST(RequestParser, ChunkedTrailersAreReadButNotKept) {
  RequestParser parser({});
  const std::string input =
      "GET /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\nX-Trailer: " +
      std::string(64, 'v') + "\r\n\r\n";
  const ParseOutcome out = parser.feed(input);
  ASSERT_EQ(out.status, ParseStatus::complete);
  EXPECT_EQ(parser.request().target, "/t");
  EXPECT_EQ(parser.request().header("host"), "a");
  EXPECT_EQ(parser.request().header("x-trailer"), "");
}

TEST(RequestParser, MethodsAreClassified) {
  const std::pair<const char*, Method> cases[] = {
      {"GET", Method::get},       {"HEAD", Method::head},     {"OPTIONS", Method::options},
      {"POST", Method::refused},  {"PUT", Method::refused},   {"DELETE", Method::refused},
      {"PATCH", Method::refused}, {"TRACE", Method::refused},
  };
  for (const auto& [name, method] : cases) {
    RequestParser parser({});
    const std::string input = std::string(name) + " / HTTP/1.1\r\nHost: h\r\n\r\n";
    ASSERT_EQ(parser.feed(input).status, ParseStatus::complete) << name;
    EXPECT_EQ(parser.request().method, method) << name;
  }
}

struct Rejection {
  const char* name;
  std::string input;
  int status;
};

class RequestParserRejects : public testing::TestWithParam<Rejection> {};

TEST_P(RequestParserRejects, WithStatus) {
  ParserLimits limits;
  limits.request_line = 64;
  limits.header_bytes = 256;
  limits.headers = 8;
  limits.body = 16;
  RequestParser parser(limits);
  const auto out = parser.feed(GetParam().input);
  ASSERT_EQ(out.status, ParseStatus::error) << GetParam().name;
  EXPECT_EQ(out.error_status, GetParam().status) << GetParam().name;
  EXPECT_NE(out.error_status, 0);
  EXPECT_FALSE(out.error_detail.empty());
}

const std::string kHost = "Host: h\r\n";

INSTANTIATE_TEST_SUITE_P(
    Vectors, RequestParserRejects,
    testing::Values(
        Rejection{"missing_host", "GET / HTTP/1.1\r\n\r\n", 400},
        Rejection{"two_hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        Rejection{"host_with_slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400},
        Rejection{"host_with_backslash", "GET / HTTP/1.1\r\nHost: a\\b\r\n\r\n", 400},
        Rejection{"host_with_space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
        Rejection{"space_before_colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400},
        Rejection{"obs_fold", "GET / HTTP/1.1\r\n" + kHost + "X: a\r\n b\r\n\r\n", 400},
        Rejection{"obs_fold_tab", "GET / HTTP/1.1\r\n" + kHost + "X: a\r\n\tb\r\n\r\n", 400},
        Rejection{"bare_cr", "GET / HTTP/1.1\r\n" + kHost + "X: a\rb\r\n\r\n", 400},
        Rejection{"nul_in_value", "GET / HTTP/1.1\r\n" + kHost + std::string("X: a\0b\r\n\r\n", 11),
                  400},
        Rejection{"control_in_value",
                  "GET / HTTP/1.1\r\n" + kHost +
                      "X: a\x01"
                      "b\r\n\r\n",
                  400},
        Rejection{"cl_and_te",
                  "GET / HTTP/1.1\r\n" + kHost +
                      "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                  400},
        Rejection{"duplicate_cl",
                  "GET / HTTP/1.1\r\n" + kHost + "Content-Length: 3\r\nContent-Length: 3\r\n\r\n",
                  400},
        Rejection{"invalid_cl", "GET / HTTP/1.1\r\n" + kHost + "Content-Length: 3x\r\n\r\n", 400},
        Rejection{"te_not_chunked_last",
                  "GET / HTTP/1.1\r\n" + kHost + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400},
        Rejection{"te_on_http10", "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                  400},
        Rejection{"http2_version", "GET / HTTP/2.0\r\n" + kHost + "\r\n", 505},
        Rejection{"http09_version", "GET / HTTP/0.9\r\n" + kHost + "\r\n", 505},
        Rejection{"http09_request_line", "GET /\r\n\r\n", 400},
        Rejection{"http09_request_line_alone", "GET /\r\n", 400},
        Rejection{"empty_field_name", "GET / HTTP/1.1\r\n" + kHost + ": x\r\n\r\n", 400},
        Rejection{"http12_version", "GET / HTTP/1.2\r\n" + kHost + "\r\n", 505},
        Rejection{"http2_preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505},
        Rejection{"unknown_method", "FOO / HTTP/1.1\r\n" + kHost + "\r\n", 501},
        Rejection{"garbage_line", "\x01\x02 / HTTP/1.1\r\n\r\n", 400},
        Rejection{"long_target", "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n" + kHost + "\r\n",
                  414},
        Rejection{"big_head",
                  "GET / HTTP/1.1\r\n" + kHost + "X: " + std::string(300, 'a') + "\r\n\r\n", 431},
        Rejection{"many_headers",
                  "GET / HTTP/1.1\r\n" + kHost +
                      "A: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\nF: 1\r\nG: 1\r\nH: 1\r\n\r\n",
                  431},
        Rejection{"unknown_expectation", "GET / HTTP/1.1\r\n" + kHost + "Expect: teapot\r\n\r\n",
                  417},
        Rejection{"body_over_limit", "GET / HTTP/1.1\r\n" + kHost + "Content-Length: 17\r\n\r\n",
                  413},
        Rejection{"chunked_body_over_limit",
                  "GET / HTTP/1.1\r\n" + kHost + "Transfer-Encoding: chunked\r\n\r\n20\r\n" +
                      std::string(32, 'a') + "\r\n",
                  413}),
    [](const testing::TestParamInfo<Rejection>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace portico::http
