// Range requests over real sockets: single ranges, clamping, unknown units, 416, multipart/
// byteranges (parsed here), coalescing, limits.max_ranges, overflow vectors, If-Range, HEAD with
// Range, and a range of a 5 MiB file (the sendfile path).

#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/integration/digest.hpp"
#include "tests/integration/file_times.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSize = 10000;  // r.bin: big enough that multipart framing pays off
constexpr std::time_t kMtime = 1700000000;

struct Part {
  std::string content_type;
  std::string content_range;
  std::string data;
};

// "bytes F-L/N" → F, L (false when it does not have that shape).
bool parse_content_range(const std::string& value, unsigned long long& first,
                         unsigned long long& last) {
  unsigned long long size = 0;
  int consumed = 0;
  return std::sscanf(value.c_str(), "bytes %llu-%llu/%llu%n", &first, &last, &size, &consumed) ==
             3 &&
         static_cast<std::size_t>(consumed) == value.size() && first <= last;
}

// The boundary parameter of a multipart Content-Type, unquoted.
std::string boundary_of(const std::string& content_type) {
  const std::size_t at = content_type.find("boundary=");
  if (at == std::string::npos) return {};
  std::string b = content_type.substr(at + 9);
  b = b.substr(0, b.find(';'));
  while (!b.empty() && b.back() == ' ') b.pop_back();
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  return b;
}

// Parses a multipart/byteranges body strictly: each part's length comes from its Content-Range,
// so a boundary-like sequence in the data cannot confuse it. Adds a failure on any deviation.
std::vector<Part> parse_multipart(const std::string& body, const std::string& boundary) {
  std::vector<Part> parts;
  const std::string delimiter = "--" + boundary;
  std::size_t pos = body.compare(0, 2, "\r\n") == 0 ? 2 : 0;
  for (;;) {
    if (body.compare(pos, delimiter.size(), delimiter) != 0) {
      ADD_FAILURE() << "expected the delimiter at offset " << pos;
      return parts;
    }
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) {
      const std::string epilogue = body.substr(pos + 2);
      EXPECT_TRUE(epilogue.empty() || epilogue == "\r\n") << "bytes after the close delimiter";
      return parts;
    }
    if (body.compare(pos, 2, "\r\n") != 0) {
      ADD_FAILURE() << "no CRLF after the delimiter at offset " << pos;
      return parts;
    }
    pos += 2;
    const std::size_t end = body.find("\r\n\r\n", pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << "unterminated part header at offset " << pos;
      return parts;
    }
    Part part;
    std::string headers = body.substr(pos, end - pos) + "\r\n";
    for (std::size_t at = 0; at < headers.size();) {
      const std::size_t eol = headers.find("\r\n", at);
      const std::string line = headers.substr(at, eol - at);
      at = eol + 2;
      const std::size_t colon = line.find(": ");
      if (colon == std::string::npos) {
        ADD_FAILURE() << "bad part header line '" << line << "'";
        continue;
      }
      const std::string name = line.substr(0, colon);
      if (name == "Content-Type") part.content_type = line.substr(colon + 2);
      if (name == "Content-Range") part.content_range = line.substr(colon + 2);
    }
    pos = end + 4;
    unsigned long long first = 0, last = 0;
    if (!parse_content_range(part.content_range, first, last)) {
      ADD_FAILURE() << "bad part Content-Range '" << part.content_range << "'";
      return parts;
    }
    const std::size_t length = static_cast<std::size_t>(last - first + 1);
    if (body.size() - pos < length + 2) {
      ADD_FAILURE() << "part data cut short at offset " << pos;
      return parts;
    }
    part.data = body.substr(pos, length);
    pos += length;
    if (body.compare(pos, 2, "\r\n") != 0) {
      ADD_FAILURE() << "no CRLF after part data at offset " << pos;
      return parts;
    }
    pos += 2;
    parts.push_back(std::move(part));
  }
}

class SemanticsRange : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    content_ = pseudo_random_bytes(kSize, 77);
    write_file(site().root() / "r.bin", content_);
    set_mtime(site().root() / "r.bin", kMtime);
  }

  Response ranged(const std::string& range, const std::string& more = "") {
    return exchange(make_request("GET", "/r.bin", "Range: " + range + "\r\n" + more));
  }

  // A single-range 206 for [first, last] of r.bin.
  void expect_single(const Response& r, std::size_t first, std::size_t last) {
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.header("Content-Range").value_or(""), "bytes " + std::to_string(first) + "-" +
                                                          std::to_string(last) + "/" +
                                                          std::to_string(kSize));
    EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(last - first + 1));
    EXPECT_EQ(r.header("Content-Type").value_or(""), "application/octet-stream");
    EXPECT_EQ(compare_bytes(content_.substr(first, last - first + 1), r.body), "equal");
  }

  void expect_whole(const Response& r) {
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(r.header("Content-Range").has_value());
    EXPECT_EQ(compare_bytes(content_, r.body), "equal");
  }

  std::string content_;
};

TEST_F(SemanticsRange, FirstLast) {
  expect_single(ranged("bytes=10-19"), 10, 19);
}

TEST_F(SemanticsRange, FirstOnly) {
  expect_single(ranged("bytes=9990-"), 9990, kSize - 1);
}

TEST_F(SemanticsRange, Suffix) {
  expect_single(ranged("bytes=-25"), kSize - 25, kSize - 1);
}

TEST_F(SemanticsRange, SingleByteAndWholeFile) {
  expect_single(ranged("bytes=0-0"), 0, 0);
  expect_single(ranged("bytes=0-"), 0, kSize - 1);
}

TEST_F(SemanticsRange, EndIsClampedToTheSize) {
  expect_single(ranged("bytes=9995-20000"), 9995, kSize - 1);
  expect_single(ranged("bytes=-20000"), 0, kSize - 1);
}

TEST_F(SemanticsRange, UnknownUnitIsIgnored) {
  expect_whole(ranged("items=0-5"));
}

TEST_F(SemanticsRange, UnsatisfiableIs416WithContentRange) {
  Connection c = connect();
  for (const char* range : {"bytes=10000-", "bytes=20000-20010", "bytes=-0"}) {
    Response r = c.request("GET", "/r.bin", std::string("Range: ") + range + "\r\n");
    EXPECT_EQ(r.status, 416) << range;
    EXPECT_EQ(r.header("Content-Range").value_or(""), "bytes */10000") << range;
  }
  // The connection survives a 416.
  EXPECT_EQ(c.request("GET", "/a.txt").body, site().content("/a.txt"));
}

TEST_F(SemanticsRange, SeveralRangesAreMultipartByteranges) {
  Connection c = connect();
  // Pipelined: a Content-Length that did not match the body would garble the second response.
  c.send(make_request("GET", "/r.bin", "Range: bytes=0-9, 100-199,5000-\r\n") +
         make_request("GET", "/a.txt"));
  Response r = c.read_response();
  Response next = c.read_response();
  ASSERT_EQ(r.status, 206);
  const std::string type = r.header("Content-Type").value_or("");
  ASSERT_EQ(type.rfind("multipart/byteranges;", 0), 0u) << type;
  EXPECT_FALSE(r.header("Content-Range").has_value()) << "only the parts carry Content-Range";
  EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(r.body.size()));
  const std::string boundary = boundary_of(type);
  ASSERT_FALSE(boundary.empty()) << type;
  const std::vector<Part> parts = parse_multipart(r.body, boundary);
  ASSERT_EQ(parts.size(), 3u);
  const struct { std::size_t first, last; } expected[] = {{0, 9}, {100, 199}, {5000, kSize - 1}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto [first, last] = expected[i];
    EXPECT_EQ(parts[i].content_type, "application/octet-stream") << i;
    EXPECT_EQ(parts[i].content_range, "bytes " + std::to_string(first) + "-" +
                                          std::to_string(last) + "/" + std::to_string(kSize))
        << i;
    EXPECT_EQ(compare_bytes(content_.substr(first, last - first + 1), parts[i].data), "equal") << i;
  }
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200))) << "bytes after the last response";
}

TEST_F(SemanticsRange, OverlappingAndAdjacentRangesAreCoalesced) {
  // Overlapping and adjacent ranges collapse into one: a plain single-range 206.
  expect_single(ranged("bytes=0-9,5-19"), 0, 19);
  expect_single(ranged("bytes=0-9,10-19"), 0, 19);
  expect_single(ranged("bytes=50-59,0-49,40-45"), 0, 59);

  // Out of order with an overlap: two parts remain, in file order.
  Response r = ranged("bytes=300-399,0-9,5-14");
  ASSERT_EQ(r.status, 206);
  const std::string type = r.header("Content-Type").value_or("");
  ASSERT_EQ(type.rfind("multipart/byteranges;", 0), 0u) << type;
  const std::vector<Part> parts = parse_multipart(r.body, boundary_of(type));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].content_range, "bytes 0-14/10000");
  EXPECT_EQ(parts[0].data, content_.substr(0, 15));
  EXPECT_EQ(parts[1].content_range, "bytes 300-399/10000");
  EXPECT_EQ(parts[1].data, content_.substr(300, 100));
}

TEST_F(SemanticsRange, LastPosOverflowMeansToTheEnd) {
  expect_single(ranged("bytes=0-18446744073709551615"), 0, kSize - 1);
  expect_single(ranged("bytes=9000-99999999999999999999999"), 9000, kSize - 1);
}

TEST_F(SemanticsRange, HugeSuffixesAreHandled) {
  Connection c = connect();
  for (const char* path : {"/r.bin", "/a.txt"}) {
    const std::string whole = site().content(path);
    Response r = c.request("GET", path, "Range: bytes=-626,-9223372036854775184\r\n");
    ASSERT_TRUE(r.status == 200 || r.status == 206) << path << ": " << r.status;
    // Either suffix covers the end; the longer one covers the whole file.
    EXPECT_EQ(compare_bytes(whole, r.body), "equal") << path;
    if (r.status == 206) {
      EXPECT_EQ(r.header("Content-Range").value_or(""),
                "bytes 0-" + std::to_string(whole.size() - 1) + "/" + std::to_string(whole.size()))
          << path;
    }
  }
  EXPECT_TRUE(server().running());
  EXPECT_EQ(c.request("GET", "/a.txt").status, 200);
}

TEST_F(SemanticsRange, IfRangeWithCurrentETagIs206) {
  const std::string etag = get("/r.bin").header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  expect_single(ranged("bytes=0-99", "If-Range: " + etag + "\r\n"), 0, 99);
}

TEST_F(SemanticsRange, IfRangeWithOldETagIs200Whole) {
  // The ETag the same bytes had a minute earlier, taken from a twin file: touching r.bin itself
  // would race with any caching of what the server has already served.
  write_file(site().root() / "r-earlier.bin", content_);
  set_mtime(site().root() / "r-earlier.bin", kMtime - 60);
  const std::string old_etag = get("/r-earlier.bin").header("ETag").value_or("");
  const std::string etag = get("/r.bin").header("ETag").value_or("");
  ASSERT_NE(old_etag, etag);
  expect_whole(ranged("bytes=0-99", "If-Range: \"0-0\"\r\n"));
  expect_whole(ranged("bytes=0-99", "If-Range: " + old_etag + "\r\n"));
  expect_single(ranged("bytes=0-99", "If-Range: " + etag + "\r\n"), 0, 99);
  // A weak tag never validates a range.
  expect_whole(ranged("bytes=0-99", "If-Range: W/" + etag + "\r\n"));
}

TEST_F(SemanticsRange, IfRangeWithLastModifiedDate) {
  expect_single(ranged("bytes=0-99", "If-Range: " + http_date(kMtime) + "\r\n"), 0, 99);
  expect_whole(ranged("bytes=0-99", "If-Range: " + http_date(kMtime - 1) + "\r\n"));
}

TEST_F(SemanticsRange, HeadWithRangeIsPlainHead) {
  Connection c = connect();
  c.send(make_request("HEAD", "/r.bin", "Range: bytes=0-9\r\n") + make_request("GET", "/a.txt"));
  Response head = c.read_response(/*head_request=*/true);
  Response next = c.read_response();
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length").value_or(""), std::to_string(kSize));
  EXPECT_FALSE(head.header("Content-Range").has_value());
  EXPECT_EQ(head.header("Accept-Ranges").value_or(""), "bytes");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, site().content("/a.txt"));
  EXPECT_TRUE(c.stays_open(std::chrono::milliseconds(200))) << "HEAD sent a body";
}

TEST_F(SemanticsRange, LargeFileFromAnOffsetByteForByte) {
  const std::string expected = site().content("/medium.bin");
  ASSERT_EQ(expected.size(), TempSite::kMediumSize);
  Connection c = connect();
  const std::size_t first = 1234567;
  Response r = c.request("GET", "/medium.bin", "Range: bytes=1234567-\r\n");
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("Content-Range").value_or(""), "bytes 1234567-" +
                                                        std::to_string(expected.size() - 1) + "/" +
                                                        std::to_string(expected.size()));
  EXPECT_EQ(compare_bytes(expected.substr(first), r.body), "equal");

  Response middle = c.request("GET", "/medium.bin", "Range: bytes=1048577-4194304\r\n");
  EXPECT_EQ(middle.status, 206);
  EXPECT_EQ(compare_bytes(expected.substr(1048577, 4194304 - 1048577 + 1), middle.body), "equal");
  EXPECT_EQ(c.request("GET", "/a.txt").body, site().content("/a.txt"));
}

TEST_F(SemanticsRange, LargeFileMultipartByteForByte) {
  const std::string expected = site().content("/medium.bin");
  const std::size_t size = expected.size();
  Connection c = connect();
  c.send(make_request("GET", "/medium.bin", "Range: bytes=0-99,2000000-3999999,-1000\r\n") +
         make_request("GET", "/a.txt"));
  Response r = c.read_response(false, std::chrono::seconds(30));
  Response next = c.read_response();
  ASSERT_EQ(r.status, 206);
  const std::string type = r.header("Content-Type").value_or("");
  ASSERT_EQ(type.rfind("multipart/byteranges;", 0), 0u) << type;
  const std::vector<Part> parts = parse_multipart(r.body, boundary_of(type));
  ASSERT_EQ(parts.size(), 3u);
  const struct {
    std::size_t first, last;
  } expected_parts[] = {{0, 99}, {2000000, 3999999}, {size - 1000, size - 1}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto [first, last] = expected_parts[i];
    EXPECT_EQ(parts[i].content_range, "bytes " + std::to_string(first) + "-" +
                                          std::to_string(last) + "/" + std::to_string(size))
        << i;
    EXPECT_EQ(compare_bytes(expected.substr(first, last - first + 1), parts[i].data), "equal") << i;
  }
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

class SemanticsRangeLimit : public SemanticsRange {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "limits:\n  max_ranges: 2\n";
    return o;
  }
};

TEST_F(SemanticsRangeLimit, MoreThanMaxRangesIs200Whole) {
  expect_whole(ranged("bytes=0-0,100-100,200-200"));
  // Counted as sent, before coalescing.
  expect_whole(ranged("bytes=0-0,0-0,0-0"));
}

TEST_F(SemanticsRangeLimit, AtMaxRangesIsMultipart) {
  Response r = ranged("bytes=0-0,100-100");
  EXPECT_EQ(r.status, 206);
  const std::string type = r.header("Content-Type").value_or("");
  ASSERT_EQ(type.rfind("multipart/byteranges;", 0), 0u) << type;
  const std::vector<Part> parts = parse_multipart(r.body, boundary_of(type));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data, content_.substr(0, 1));
  EXPECT_EQ(parts[1].data, content_.substr(100, 1));
}

}  // namespace
}  // namespace portico::it
