// The bytes of pipelined requests not yet parsed: what goes in comes out in order, consumed
// from the front, and a steady stream of appends and consumes does not grow the storage.

#include "server/pending_bytes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::server {
namespace {

TEST(PendingBytes, ConsumesFromTheFrontInOrder) {
  PendingBytes p;
  EXPECT_TRUE(p.empty());
  p.append("GET /a HTTP/1.1\r\n\r\n");
  p.append("GET /b HTTP/1.1\r\n\r\n");
  EXPECT_EQ(p.size(), 38u);
  p.consume(19);
  EXPECT_EQ(p.view(), "GET /b HTTP/1.1\r\n\r\n");
  p.append("GET /c");
  EXPECT_EQ(p.view(), "GET /b HTTP/1.1\r\n\r\nGET /c");
  p.consume(19);
  EXPECT_EQ(p.view(), "GET /c");
  p.consume(6);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.view(), "");
}

TEST(PendingBytes, ConsumingMoreThanIsLeftEmptiesIt) {
  PendingBytes p;
  p.append("abc");
  p.consume(10);
  EXPECT_TRUE(p.empty());
  p.append("def");
  EXPECT_EQ(p.view(), "def");
}

TEST(PendingBytes, ClearKeepsTheStorage) {
  PendingBytes p;
  p.append(std::string(10000, 'x'));
  const std::size_t capacity = p.capacity();
  p.consume(10);
  p.clear();
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.capacity(), capacity);
}

// A client that keeps pipelining while each request is answered: the consumed front is
// reclaimed, so the storage stays near what is unconsumed at any one time.
TEST(PendingBytes, SteadyPipeliningDoesNotGrowTheStorage) {
  PendingBytes p;
  const std::string request(3000, 'r');
  for (int i = 0; i < 10; ++i) p.append(request);
  for (int i = 0; i < 100000; ++i) {
    p.append(request);
    p.consume(request.size());
    ASSERT_EQ(p.size(), 10 * request.size());
  }
  EXPECT_LE(p.capacity(), 4 * 10 * request.size());
}

// Bytes that arrive after a partial consume keep their place behind what is left.
TEST(PendingBytes, CompactionKeepsTheUnconsumedBytes) {
  PendingBytes p;
  std::string all;
  for (int i = 0; i < 1000; ++i) {
    const std::string piece = std::to_string(i) + ",";
    p.append(piece);
    all += piece;
    if (i % 3 == 0) {
      const std::size_t n = p.size() / 2;
      p.consume(n);
      all.erase(0, n);
    }
    ASSERT_EQ(p.view(), all) << "after piece " << i;
  }
}

}  // namespace
}  // namespace portico::server
