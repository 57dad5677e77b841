// A 5 MiB file of pseudo-random bytes arrives intact.

#include <gtest/gtest.h>

#include "tests/integration/digest.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using LargeFile = ServerTest;

TEST_F(LargeFile, FiveMebibytesByteForByte) {
  const std::string expected = site().content("/medium.bin");
  ASSERT_EQ(expected.size(), TempSite::kMediumSize);
  Connection c = connect();
  c.send(make_request("GET", "/medium.bin"));
  Response r = c.read_response(false, std::chrono::seconds(30));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(expected.size()));
  EXPECT_EQ(hex(fnv1a64(r.body)), hex(fnv1a64(expected)));
  EXPECT_EQ(compare_bytes(expected, r.body), "equal");
  // The connection is still usable after a large body.
  EXPECT_EQ(c.request("GET", "/a.txt").body, site().content("/a.txt"));
}

TEST_F(LargeFile, TwoConcurrentDownloads) {
  const std::string expected = site().content("/medium.bin");
  Connection a = connect();
  Connection b = connect();
  a.send(make_request("GET", "/medium.bin"));
  b.send(make_request("GET", "/medium.bin"));
  Response rb = b.read_response(false, std::chrono::seconds(30));
  Response ra = a.read_response(false, std::chrono::seconds(30));
  EXPECT_EQ(compare_bytes(expected, ra.body), "equal");
  EXPECT_EQ(compare_bytes(expected, rb.body), "equal");
}

TEST_F(LargeFile, PipelinedAfterLargeBody) {
  const std::string expected = site().content("/medium.bin");
  Connection c = connect();
  c.send(make_request("GET", "/medium.bin") + make_request("GET", "/a.txt") +
         make_request("GET", "/medium.bin"));
  auto responses = c.read_responses(3, std::chrono::seconds(30));
  EXPECT_EQ(compare_bytes(expected, responses[0].body), "equal");
  EXPECT_EQ(responses[1].body, site().content("/a.txt"));
  EXPECT_EQ(compare_bytes(expected, responses[2].body), "equal");
}

}  // namespace
}  // namespace portico::it
