// The planner's file semantics end to end over an in-memory docroot: preconditions, Range,
// precompressed variants, listings, cache rules, error pages and downloads.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "http/request_parser.hpp"
#include "http/static_file.hpp"
#include "tests/unit/http/fake_docroot.hpp"

namespace portico::http {
namespace {

constexpr std::int64_t kMtime = 784111777;     // Sun, 06 Nov 1994 08:49:37 GMT
constexpr std::int64_t kNow = kMtime + 86400;  // a day later
constexpr std::string_view kDate = "Mon, 07 Nov 1994 08:49:37 GMT";

bool has_field(const std::string& head, const std::string& field) {
  return head.find("\r\n" + field + "\r\n") != std::string::npos;
}

std::string field_value(const std::string& head, const std::string& name) {
  const std::size_t at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const std::size_t begin = at + name.size() + 4;
  return head.substr(begin, head.find("\r\n", begin) - begin);
}

class FileResponse : public testing::Test {
 protected:
  FileResponse() {
    root.add("/", FileStat::Kind::directory);
    root.add_file("/page.txt", 1000, kMtime);
    root.add_file("/app.js", 5000, kMtime);
    root.add_file("/app.js.br", 1200, kMtime + 1);
    root.add_file("/app.js.gz", 1500, kMtime);
    root.add_file("/old.css", 800, kMtime);
    root.add_file("/old.css.gz", 300, kMtime - 10);  // stale: must never be served
    root.add_file("/app.3f9a1c2b.js", 10, kMtime);
    root.add_file("/report.20240131.pdf", 10, kMtime);
    root.add_file("/404.html", 42, kMtime);
    root.add("/files", FileStat::Kind::directory);
    root.add_file("/files/b.txt", 2, kMtime);
    root.add_file("/files/a <x>.txt", 1, kMtime);
    root.add_file("/files/.hidden", 1, kMtime);
    root.add("/files/sub", FileStat::Kind::directory);
  }

  ResponsePlan send(const std::string& request_line, const std::string& fields = "") {
    parser = std::make_unique<RequestParser>(ParserLimits{});
    const std::string head = request_line + " HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n";
    EXPECT_EQ(parser->feed(head).status, ParseStatus::complete) << head;
    return plan_static(parser->request(), rules, files, Now{kNow, kDate, now_ms});
  }
  std::string etag_of(const std::string& target) {
    return field_value(send("HEAD " + target).head, "ETag");
  }

  FakeDocroot root;
  SiteRules rules;
  // Caching off and no in-memory bodies unless a test asks: plans then name the file.
  FileCacheOptions cache_options{.valid_ms = 0, .max_entries = 16, .entry = {}};
  FileCache files{root, cache_options};
  std::int64_t now_ms = 1;
  std::unique_ptr<RequestParser> parser;
};

TEST_F(FileResponse, FilesAdvertiseRanges) {
  const ResponsePlan p = send("GET /page.txt");
  EXPECT_TRUE(has_field(p.head, "Accept-Ranges: bytes"));
  EXPECT_EQ(field_value(p.head, "Vary"), "");  // no siblings: no Vary
}

TEST_F(FileResponse, IfNoneMatchGives304WithValidatorsAndNoBody) {
  const std::string etag = etag_of("/page.txt");
  ASSERT_FALSE(etag.empty());
  for (const std::string& value : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const ResponsePlan p = send("GET /page.txt", "If-None-Match: " + value + "\r\n");
    EXPECT_EQ(p.status, 304) << value;
    EXPECT_FALSE(p.file) << value;
    EXPECT_TRUE(p.body.empty());
    EXPECT_EQ(field_value(p.head, "ETag"), etag);
    EXPECT_TRUE(has_field(p.head, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
    EXPECT_EQ(p.head.find("Content-Length"), std::string::npos);
  }
  EXPECT_EQ(send("GET /page.txt", "If-None-Match: \"nope\"\r\n").status, 200);
}

TEST_F(FileResponse, IfModifiedSinceIsNotAnExactMatch) {
  EXPECT_EQ(send("GET /page.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n").status,
            304);
  EXPECT_EQ(send("GET /page.txt", "If-Modified-Since: Sun, 06 Nov 1994 09:00:00 GMT\r\n").status,
            304);
  EXPECT_EQ(send("GET /page.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:00:00 GMT\r\n").status,
            200);
  EXPECT_EQ(send("GET /page.txt", "If-Modified-Since: yesterday\r\n").status, 200);
  // If-None-Match present: If-Modified-Since is ignored.
  EXPECT_EQ(send("GET /page.txt",
                 "If-None-Match: \"x\"\r\nIf-Modified-Since: Sun, 06 Nov 1994 "
                 "09:00:00 GMT\r\n")
                .status,
            200);
}

TEST_F(FileResponse, IfMatchAndIfUnmodifiedSinceGive412) {
  EXPECT_EQ(send("GET /page.txt", "If-Match: \"nope\"\r\n").status, 412);
  EXPECT_EQ(send("GET /page.txt", "If-Match: " + etag_of("/page.txt") + "\r\n").status, 200);
  EXPECT_EQ(send("GET /page.txt", "If-Match: *\r\n").status, 200);
  EXPECT_EQ(send("GET /page.txt", "If-Unmodified-Since: Sat, 05 Nov 1994 08:00:00 GMT\r\n").status,
            412);
}

TEST_F(FileResponse, SingleRangeIs206) {
  const ResponsePlan p = send("GET /page.txt", "Range: bytes=10-19\r\n");
  EXPECT_EQ(p.status, 206);
  EXPECT_TRUE(has_field(p.head, "Content-Range: bytes 10-19/1000"));
  EXPECT_TRUE(has_field(p.head, "Content-Length: 10"));
  EXPECT_EQ(p.file_offset, 10u);
  EXPECT_EQ(p.file_length, 10u);
  const ResponsePlan suffix = send("GET /page.txt", "Range: bytes=-100\r\n");
  EXPECT_EQ(suffix.file_offset, 900u);
  EXPECT_EQ(suffix.file_length, 100u);
}

TEST_F(FileResponse, RangeOnHeadIsAPlainHead) {
  const ResponsePlan p = send("HEAD /page.txt", "Range: bytes=10-19\r\n");
  EXPECT_EQ(p.status, 200);
  EXPECT_TRUE(has_field(p.head, "Content-Length: 1000"));
}

TEST_F(FileResponse, UnsatisfiableRangeIs416WithStar) {
  const ResponsePlan p = send("GET /page.txt", "Range: bytes=1000-\r\n");
  EXPECT_EQ(p.status, 416);
  EXPECT_TRUE(has_field(p.head, "Content-Range: bytes */1000"));
  EXPECT_TRUE(has_field(p.head, "Content-Length: " + std::to_string(p.body.size())));
}

TEST_F(FileResponse, UnknownUnitAndTooManyRangesServeTheWholeFile) {
  EXPECT_EQ(send("GET /page.txt", "Range: items=0-5\r\n").status, 200);
  rules.max_ranges = 2;
  EXPECT_EQ(send("GET /page.txt", "Range: bytes=0-1,5-6,10-11\r\n").status, 200);
}

TEST_F(FileResponse, MultipleRangesAreMultipartWithExactLength) {
  const ResponsePlan p = send("GET /page.txt", "Range: bytes=0-9, 500-509, 505-519\r\n");
  ASSERT_EQ(p.status, 206);
  const std::string type = field_value(p.head, "Content-Type");
  ASSERT_TRUE(type.starts_with("multipart/byteranges; boundary=")) << type;
  const std::string boundary = type.substr(type.find('=') + 1);
  // Two parts after coalescing 500-509 with 505-519; the first part's header follows the head.
  ASSERT_EQ(p.more.size(), 2u);
  const std::size_t head_end = p.head.find("\r\n\r\n") + 4;
  std::uint64_t total = p.head.size() - head_end + p.file_length;
  for (const BodySegment& s : p.more) total += s.head.size() + s.length;
  EXPECT_EQ(field_value(p.head, "Content-Length"), std::to_string(total));
  EXPECT_EQ(p.file_offset, 0u);
  EXPECT_EQ(p.file_length, 10u);
  EXPECT_EQ(p.more[0].offset, 500u);
  EXPECT_EQ(p.more[0].length, 20u);
  EXPECT_NE(p.more[0].head.find("Content-Range: bytes 500-519/1000"), std::string::npos);
  EXPECT_EQ(p.more[1].length, 0u);
  EXPECT_NE(p.more[1].head.find("--" + boundary + "--"), std::string::npos);
}

TEST_F(FileResponse, IfRangeWithAStaleValidatorServesTheWholeFile) {
  const std::string etag = etag_of("/page.txt");
  EXPECT_EQ(send("GET /page.txt", "Range: bytes=0-9\r\nIf-Range: " + etag + "\r\n").status, 206);
  EXPECT_EQ(send("GET /page.txt", "Range: bytes=0-9\r\nIf-Range: \"old\"\r\n").status, 200);
  EXPECT_EQ(send("GET /page.txt", "Range: bytes=0-9\r\nIf-Range: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
                .status,
            206);
}

TEST_F(FileResponse, PrecompressedVariantFollowsAcceptEncoding) {
  ResponsePlan p = send("GET /app.js", "Accept-Encoding: gzip, br\r\n");
  EXPECT_TRUE(has_field(p.head, "Content-Encoding: br"));
  EXPECT_TRUE(has_field(p.head, "Content-Length: 1200"));
  EXPECT_TRUE(has_field(p.head, "Content-Type: text/javascript; charset=utf-8"));
  EXPECT_TRUE(has_field(p.head, "Vary: Accept-Encoding"));
  const std::string br_etag = field_value(p.head, "ETag");

  p = send("GET /app.js", "Accept-Encoding: gzip;q=1, br;q=0.5\r\n");
  EXPECT_TRUE(has_field(p.head, "Content-Encoding: gzip"));
  EXPECT_NE(field_value(p.head, "ETag"), br_etag);

  p = send("GET /app.js", "Accept-Encoding: br;q=0, gzip;q=0\r\n");
  EXPECT_EQ(field_value(p.head, "Content-Encoding"), "");
  EXPECT_TRUE(has_field(p.head, "Content-Length: 5000"));
  EXPECT_TRUE(has_field(p.head, "Vary: Accept-Encoding"));  // identity, but it could vary

  p = send("HEAD /app.js", "Accept-Encoding: br\r\n");
  EXPECT_TRUE(has_field(p.head, "Content-Length: 1200"));

  // 304 and 206 carry Vary too; ranges apply to the chosen variant.
  p = send("GET /app.js", "Accept-Encoding: br\r\nIf-None-Match: " + br_etag + "\r\n");
  EXPECT_EQ(p.status, 304);
  EXPECT_TRUE(has_field(p.head, "Vary: Accept-Encoding"));
  p = send("GET /app.js", "Accept-Encoding: br\r\nRange: bytes=-10\r\n");
  EXPECT_EQ(p.status, 206);
  EXPECT_TRUE(has_field(p.head, "Content-Range: bytes 1190-1199/1200"));
  EXPECT_TRUE(has_field(p.head, "Vary: Accept-Encoding"));
}

TEST_F(FileResponse, SmallFilesGoOutFromMemoryWithTheirHead) {
  files = FileCache(root, {.valid_ms = 0, .max_entries = 16, .entry = {.max_content = 1000}});
  const ResponsePlan p = send("GET /page.txt");
  ASSERT_TRUE(p.shared_body);
  EXPECT_EQ(p.shared_body->size(), 1000u);
  EXPECT_FALSE(p.file);
  // A range still goes to the file.
  const ResponsePlan r = send("GET /page.txt", "Range: bytes=0-9\r\n");
  EXPECT_FALSE(r.shared_body);
  EXPECT_TRUE(r.file);
}

TEST_F(FileResponse, CacheHitsCostNoOpenUntilRevalidation) {
  files = FileCache(root, {.valid_ms = 1000, .max_entries = 16, .entry = {.max_content = 1000}});
  now_ms = 5000;
  send("GET /page.txt");
  const std::size_t opens = root.opened.size();
  const int reads = root.reads;
  now_ms = 5999;
  EXPECT_EQ(send("GET /page.txt").status, 200);
  EXPECT_EQ(root.opened.size(), opens);  // a hit: no open, no read
  EXPECT_EQ(root.reads, reads);
  now_ms = 6000;
  EXPECT_EQ(send("GET /page.txt").status, 200);
  EXPECT_GT(root.opened.size(), opens);  // revalidated
  // Missing files are never cached: each request looks again.
  const std::size_t before = root.opened.size();
  EXPECT_EQ(send("GET /nope.txt").status, 404);
  EXPECT_EQ(send("GET /nope.txt").status, 404);
  EXPECT_EQ(root.opened.size(), before + 2);  // one open each, not one to find and one to say why
}

TEST_F(FileResponse, StaleSiblingIsIgnoredAndReported) {
  const ResponsePlan p = send("GET /old.css", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(field_value(p.head, "Content-Encoding"), "");
  EXPECT_TRUE(has_field(p.head, "Content-Length: 800"));
  EXPECT_EQ(p.stale_sibling, "/old.css.gz");
  files = FileCache(root, {.valid_ms = 0, .max_entries = 16, .entry = {.precompressed = false}});
  EXPECT_EQ(field_value(send("GET /app.js", "Accept-Encoding: br\r\n").head, "Content-Encoding"),
            "");
}

TEST_F(FileResponse, CacheControlRulesAndFingerprints) {
  EXPECT_TRUE(has_field(send("GET /app.3f9a1c2b.js").head,
                        "Cache-Control: public, max-age=31536000, immutable"));
  EXPECT_EQ(field_value(send("GET /report.20240131.pdf").head, "Cache-Control"), "");
  rules.cache_control = {{"*.txt", "no-cache"}, {"*", "max-age=60"}};
  EXPECT_TRUE(has_field(send("GET /page.txt").head, "Cache-Control: no-cache"));
  EXPECT_TRUE(has_field(send("GET /report.20240131.pdf").head, "Cache-Control: max-age=60"));
  rules.cache_control.clear();
  rules.immutable_fingerprints = false;
  EXPECT_EQ(field_value(send("GET /app.3f9a1c2b.js").head, "Cache-Control"), "");
  rules.immutable_fingerprints = true;
  rules.fingerprint_patterns = {"report.*.pdf"};
  EXPECT_TRUE(has_field(send("GET /report.20240131.pdf").head,
                        "Cache-Control: public, max-age=31536000, immutable"));
}

TEST_F(FileResponse, ConfiguredErrorPageKeepsTheStatus) {
  rules.error_pages = {{404, "/404.html"}};
  const ResponsePlan p = send("GET /missing");
  EXPECT_EQ(p.status, 404);
  EXPECT_TRUE(p.head.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(p.file);
  EXPECT_TRUE(has_field(p.head, "Content-Length: 42"));
  rules.error_pages = {{404, "/nope.html"}};
  EXPECT_FALSE(send("GET /missing").body.empty());  // built-in page as the fallback
}

TEST_F(FileResponse, DownloadAddsContentDisposition) {
  const ResponsePlan p = send("GET /page.txt?download");
  EXPECT_EQ(
      field_value(p.head, "Content-Disposition").rfind("attachment; filename=\"page.txt\"", 0), 0u);
  EXPECT_EQ(field_value(send("GET /page.txt?x=download").head, "Content-Disposition"), "");
}

TEST_F(FileResponse, ListingsAreOffByDefault) {
  EXPECT_EQ(send("GET /files/").status, 403);
}

TEST_F(FileResponse, HtmlListingEscapesSortsAndHidesDotfiles) {
  rules.autoindex = config::Autoindex::html;
  const ResponsePlan p = send("GET /files/");
  ASSERT_EQ(p.status, 200);
  EXPECT_TRUE(has_field(p.head, "Content-Type: text/html; charset=utf-8"));
  EXPECT_NE(p.body.find("a &lt;x&gt;.txt"), std::string::npos);
  EXPECT_NE(p.body.find("href=\"./a%20%3Cx%3E.txt\""), std::string::npos);
  EXPECT_EQ(p.body.find(".hidden"), std::string::npos);
  const std::size_t sub = p.body.find(">sub/<"), a = p.body.find("a &lt;x"),
                    b = p.body.find(">b.txt<");
  EXPECT_LT(sub, a);  // directories first, then names in order
  EXPECT_LT(a, b);
}

TEST_F(FileResponse, JsonListingWhenAsked) {
  rules.autoindex = config::Autoindex::html;
  for (const auto& [target, fields] :
       {std::pair<std::string, std::string>{"/files/?format=json", ""},
        {"/files/", "Accept: application/json\r\n"}}) {
    const ResponsePlan p = send("GET " + target, fields);
    EXPECT_TRUE(has_field(p.head, "Content-Type: application/json")) << target;
    EXPECT_TRUE(p.body.starts_with("[{\"name\":\"sub\",\"type\":\"directory\"")) << p.body;
    EXPECT_NE(p.body.find("{\"name\":\"b.txt\",\"type\":\"file\",\"size\":2"), std::string::npos);
  }
}

// A cached entry serialises a whole-file 200's fields once per variant; the heads built from
// them are byte for byte what a fresh entry gives, whatever was asked before.
TEST_F(FileResponse, CachedEntryGivesTheSameHeadsAsAFreshOne) {
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET /app.js", ""},
      {"GET /app.js", "Accept-Encoding: gzip\r\n"},
      {"GET /app.js?download", ""},
      {"HEAD /app.js", ""},
      {"GET /app.js", "Range: bytes=0-9\r\n"},
      {"GET /app.js", "Accept-Encoding: br\r\n"},
      {"GET /app.js", ""},
      {"GET /app.js", "Accept-Encoding: gzip\r\n"},
      {"GET /app.3f9a1c2b.js", ""},
      {"GET /app.3f9a1c2b.js", "Connection: close\r\n"},
  };
  std::vector<std::string> fresh;
  for (const auto& [line, fields] : requests) fresh.push_back(send(line, fields).head);
  files = FileCache(root, {.valid_ms = 1000, .max_entries = 16, .entry = {}});
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < requests.size(); ++i)
      EXPECT_EQ(send(requests[i].first, requests[i].second).head, fresh[i])
          << "round " << round << ": " << requests[i].first << " " << requests[i].second;
  EXPECT_TRUE(has_field(fresh[1], "Content-Encoding: gzip"));
  EXPECT_EQ(field_value(fresh[6], "Content-Encoding"), "");
  EXPECT_TRUE(has_field(fresh[8], "Cache-Control: public, max-age=31536000, immutable"));
  EXPECT_TRUE(has_field(fresh[9], "Connection: close"));
  EXPECT_FALSE(has_field(fresh[6], "Connection: close"));
}

}  // namespace
}  // namespace portico::http
