#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace portico::http {
namespace {

// What a sender writes: each head, then the file bytes of its range, then the tail.
std::string assemble(const MultipartPlan& plan, std::string_view file) {
  std::string body;
  for (const auto& part : plan.parts) {
    body += part.head;
    body += file.substr(part.range.first, part.range.length());
  }
  body += plan.tail;
  return body;
}

TEST(PlanMultipart, AssemblesTheExactBytesOfTwoRanges) {
  const std::string_view file = "0123456789";
  const MultipartPlan plan = plan_multipart({{0, 1}, {5, 6}}, file.size(), "text/plain", "B");
  EXPECT_EQ(plan.boundary, "B");
  EXPECT_EQ(plan.content_type, "multipart/byteranges; boundary=B");
  ASSERT_EQ(plan.parts.size(), 2U);
  EXPECT_EQ(plan.parts[0].range, (ByteRange{0, 1}));
  EXPECT_EQ(plan.parts[1].range, (ByteRange{5, 6}));
  EXPECT_EQ(plan.parts[0].head,
            "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n");
  EXPECT_EQ(plan.tail, "\r\n--B--\r\n");

  const std::string body = assemble(plan, file);
  EXPECT_EQ(body,
            "\r\n--B\r\n"
            "Content-Type: text/plain\r\n"
            "Content-Range: bytes 0-1/10\r\n"
            "\r\n"
            "01"
            "\r\n--B\r\n"
            "Content-Type: text/plain\r\n"
            "Content-Range: bytes 5-6/10\r\n"
            "\r\n"
            "56"
            "\r\n--B--\r\n");
  // The figure in multipart.hpp quotes this length.
  EXPECT_EQ(plan.content_length, 141U);
  EXPECT_EQ(plan.content_length, body.size());
}

TEST(PlanMultipart, OmitsContentTypeWhenUnknown) {
  const MultipartPlan plan = plan_multipart({{2, 4}, {7, 9}}, 10, "", "xyz");
  ASSERT_EQ(plan.parts.size(), 2U);
  EXPECT_EQ(plan.parts[1].head, "\r\n--xyz\r\nContent-Range: bytes 7-9/10\r\n\r\n");
  EXPECT_EQ(plan.content_length, assemble(plan, "abcdefghij").size());
}

TEST(PlanMultipart, QuotesABoundaryThatIsNotAToken) {
  EXPECT_EQ(plan_multipart({{0, 0}, {2, 2}}, 3, "a/b", "gc0p4Jq0M2Yt08j34c0p").content_type,
            "multipart/byteranges; boundary=gc0p4Jq0M2Yt08j34c0p");
  EXPECT_EQ(plan_multipart({{0, 0}, {2, 2}}, 3, "a/b", "simple boundary:1").content_type,
            "multipart/byteranges; boundary=\"simple boundary:1\"");
}

struct LengthCase {
  std::vector<ByteRange> ranges;
  std::uint64_t size;
  std::string_view content_type;
};

class PlanMultipartLengthTest : public ::testing::TestWithParam<LengthCase> {};

TEST_P(PlanMultipartLengthTest, ContentLengthCountsEveryByte) {
  const LengthCase& c = GetParam();
  const std::string boundary = make_boundary(c.size);
  const MultipartPlan plan = plan_multipart(c.ranges, c.size, c.content_type, boundary);
  std::uint64_t total = plan.tail.size();
  ASSERT_EQ(plan.parts.size(), c.ranges.size());
  for (std::size_t i = 0; i < c.ranges.size(); ++i) {
    const auto& part = plan.parts[i];
    EXPECT_EQ(part.range, c.ranges[i]);
    EXPECT_EQ(part.head.size(),
              multipart_head_size(part.range, c.size, c.content_type.size(), boundary.size()));
    EXPECT_TRUE(part.head.ends_with(content_range(part.range, c.size) + "\r\n\r\n"));
    total += part.head.size() + part.range.length();
  }
  EXPECT_EQ(plan.tail.size(), multipart_tail_size(boundary.size()));
  EXPECT_EQ(plan.content_length, total);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, PlanMultipartLengthTest,
    ::testing::Values(LengthCase{{{0, 0}, {9, 9}}, 10, "text/plain"},
                      LengthCase{
                          {{0, 99}, {200, 299}, {1000, 1999}}, 123456, "application/octet-stream"},
                      LengthCase{{{0, 0}, {4294967296, 8589934591}}, 8589934592, "video/mp4"},
                      LengthCase{{{1, 1}, {18446744073709551613ULL, 18446744073709551614ULL}},
                                 18446744073709551615ULL,
                                 ""},
                      LengthCase{{}, 10, "text/plain"}));

TEST(MakeBoundary, IsLongDeterministicAndDistinct) {
  const std::string a = make_boundary(0);
  EXPECT_GE(a.size(), kMinBoundaryLength);
  EXPECT_LE(a.size(), 70U);  // RFC 2046's limit
  EXPECT_EQ(a, make_boundary(0));
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    const std::string b = make_boundary(seed);
    EXPECT_EQ(b.size(), 24U);
    for (char c : b) {
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << b;
    }
    seen.insert(b);
  }
  seen.insert(make_boundary(~std::uint64_t{0}));
  EXPECT_EQ(seen.size(), 1001U);
  // A token, so the Content-Type carries it unquoted.
  EXPECT_EQ(plan_multipart({}, 1, "", a).content_type, "multipart/byteranges; boundary=" + a);
}

}  // namespace
}  // namespace portico::http
