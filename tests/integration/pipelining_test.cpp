// Many requests in one send are answered in order.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using Pipelining = ServerTest;

TEST_F(Pipelining, HundredRequestsInOneSend) {
  std::string requests;
  for (int i = 0; i < TempSite::kPipelineFiles; ++i) {
    requests += make_request("GET", TempSite::pipeline_path(i));
  }
  Connection c = connect();
  c.send(requests);
  auto responses = c.read_responses(TempSite::kPipelineFiles, std::chrono::seconds(20));
  ASSERT_EQ(responses.size(), static_cast<std::size_t>(TempSite::kPipelineFiles));
  for (int i = 0; i < TempSite::kPipelineFiles; ++i) {
    const Response& r = responses[static_cast<std::size_t>(i)];
    ASSERT_EQ(r.status, 200) << "response " << i;
    ASSERT_EQ(r.body, TempSite::pipeline_content(i)) << "response " << i;
  }
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200)));
}

TEST_F(Pipelining, MixedStatusesStayInOrder) {
  Connection c = connect();
  c.send(make_request("GET", "/a.txt") + make_request("GET", "/missing") +
         make_request("HEAD", "/sub/b.txt") + make_request("GET", "/sub") +
         make_request("POST", "/a.txt", "Content-Length: 0\r\n") +
         make_request("GET", "/sub/b.txt"));
  EXPECT_EQ(c.read_response().body, site().content("/a.txt"));
  EXPECT_EQ(c.read_response().status, 404);
  Response head = c.read_response(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(c.read_response().status, 301);
  EXPECT_EQ(c.read_response().status, 405);
  Response last = c.read_response();
  EXPECT_EQ(last.status, 200);
  EXPECT_EQ(last.body, site().content("/sub/b.txt"));
}

TEST_F(Pipelining, RequestSplitAcrossManySends) {
  Connection c = connect();
  const std::string request = make_request("GET", "/a.txt");
  for (char byte : request) c.send(std::string(1, byte));
  Response r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

}  // namespace
}  // namespace portico::it
