// Precompressed siblings over real sockets: app.js with newer app.js.br and app.js.gz (stand-in
// bytes: the server never decodes them) chosen by Accept-Encoding, each with its own ETag, the
// original's Content-Type and Vary; stale siblings and `precompressed: off` ignored.

#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/integration/file_times.hpp"
#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

namespace fs = std::filesystem;

constexpr std::time_t kMtime = 1700000000;
constexpr const char* kJsType = "text/javascript; charset=utf-8";

const std::string kIdentity = "console.log('identity variant of app.js');\n";
const std::string kBrotli = "BR:pretend-brotli-bytes\n";
const std::string kGzip = "GZ:pretend-gzip-bytes, a different length\n";

// Creates app.js, app.js.br and app.js.gz, the siblings `*_offset` seconds newer than app.js
// (negative: older).
void make_app_js(const TempSite& site, std::time_t br_offset, std::time_t gz_offset) {
  const fs::path root = site.root();
  write_file(root / "app.js", kIdentity);
  write_file(root / "app.js.br", kBrotli);
  write_file(root / "app.js.gz", kGzip);
  set_mtime(root / "app.js", kMtime);
  set_mtime(root / "app.js.br", kMtime + br_offset);
  set_mtime(root / "app.js.gz", kMtime + gz_offset);
}

class SemanticsPrecompressed : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    make_app_js(site(), 60, 60);
  }

  Response get_js(const std::string& accept_encoding, const std::string& more = "") {
    const std::string field =
        accept_encoding.empty() ? "" : "Accept-Encoding: " + accept_encoding + "\r\n";
    return exchange(make_request("GET", "/app.js", field + more));
  }

  // A 200 of the variant with `coding` ("" = identity) and `body`.
  static void expect_variant(const Response& r, const std::string& coding,
                             const std::string& body) {
    EXPECT_EQ(r.status, 200);
    if (coding.empty()) {
      EXPECT_FALSE(r.header("Content-Encoding").has_value())
          << r.header("Content-Encoding").value_or("");
    } else {
      EXPECT_EQ(r.header("Content-Encoding").value_or("(none)"), coding);
    }
    EXPECT_EQ(r.header("Content-Type").value_or(""), kJsType);
    EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(body.size()));
    EXPECT_EQ(r.body, body);
  }
};

TEST_F(SemanticsPrecompressed, BrotliPreferredOnATie) {
  Response r = get_js("gzip, br");
  expect_variant(r, "br", kBrotli);
  EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
}

TEST_F(SemanticsPrecompressed, QValuesChooseTheVariant) {
  expect_variant(get_js("br;q=0.5, gzip;q=0.9"), "gzip", kGzip);
  expect_variant(get_js("gzip;q=0.2, br;q=0.8"), "br", kBrotli);
  expect_variant(get_js("gzip"), "gzip", kGzip);
  expect_variant(get_js("deflate, br"), "br", kBrotli);
}

TEST_F(SemanticsPrecompressed, QZeroRefuses) {
  expect_variant(get_js("br;q=0, gzip"), "gzip", kGzip);
  Response none = get_js("br;q=0, gzip;q=0");
  expect_variant(none, "", kIdentity);
  EXPECT_EQ(none.header("Vary").value_or(""), "Accept-Encoding");
  expect_variant(get_js("*;q=0, identity"), "", kIdentity);
}

TEST_F(SemanticsPrecompressed, NoAcceptEncodingIsIdentity) {
  Response r = get_js("");
  expect_variant(r, "", kIdentity);
  EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
  expect_variant(get_js("identity"), "", kIdentity);
}

TEST_F(SemanticsPrecompressed, EachVariantHasItsOwnETag) {
  const std::string identity = get_js("").header("ETag").value_or("");
  const std::string br = get_js("br").header("ETag").value_or("");
  const std::string gz = get_js("gzip").header("ETag").value_or("");
  ASSERT_FALSE(identity.empty());
  ASSERT_FALSE(br.empty());
  ASSERT_FALSE(gz.empty());
  EXPECT_EQ((std::set<std::string>{identity, br, gz}).size(), 3u)
      << identity << " " << br << " " << gz;
  EXPECT_NE(br.rfind("W/", 0), 0u) << "variant ETags stay strong: " << br;
}

TEST_F(SemanticsPrecompressed, NotModifiedPerVariantWithVary) {
  const std::string br = get_js("br").header("ETag").value_or("");
  Response nm = get_js("br", "If-None-Match: " + br + "\r\n");
  EXPECT_EQ(nm.status, 304);
  EXPECT_EQ(nm.header("ETag").value_or(""), br);
  EXPECT_EQ(nm.header("Vary").value_or(""), "Accept-Encoding");
  // The brotli tag does not validate the identity representation.
  expect_variant(get_js("", "If-None-Match: " + br + "\r\n"), "", kIdentity);
}

TEST_F(SemanticsPrecompressed, HeadReportsTheVariantLength) {
  Connection c = connect();
  c.send(make_request("HEAD", "/app.js", "Accept-Encoding: gzip\r\n") +
         make_request("HEAD", "/app.js", "Accept-Encoding: br\r\n") +
         make_request("GET", "/a.txt"));
  Response gz = c.read_response(/*head_request=*/true);
  Response br = c.read_response(/*head_request=*/true);
  Response next = c.read_response();
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(gz.header("Content-Length").value_or(""), std::to_string(kGzip.size()));
  EXPECT_EQ(gz.header("Content-Type").value_or(""), kJsType);
  EXPECT_EQ(br.header("Content-Encoding").value_or(""), "br");
  EXPECT_EQ(br.header("Content-Length").value_or(""), std::to_string(kBrotli.size()));
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

TEST_F(SemanticsPrecompressed, RangeAppliesToTheVariant) {
  Response r = get_js("gzip", "Range: bytes=0-2\r\n");
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(r.header("Content-Range").value_or(""), "bytes 0-2/" + std::to_string(kGzip.size()));
  EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
  EXPECT_EQ(r.body, kGzip.substr(0, 3));
}

TEST_F(SemanticsPrecompressed, SiblingsDoNotAnswerDirectRequestsDifferently) {
  // The sibling is still an ordinary file of its own when asked for by name.
  Response r = get("/app.js.gz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kGzip);
  EXPECT_FALSE(r.header("Content-Encoding").has_value());
}

class SemanticsPrecompressedStale : public ServerTest {};

TEST_F(SemanticsPrecompressedStale, OlderSiblingIsIgnored) {
  make_app_js(site(), 60, -60);  // .br newer, .gz older than app.js
  Response gz = exchange(make_request("GET", "/app.js", "Accept-Encoding: gzip\r\n"));
  EXPECT_EQ(gz.status, 200);
  EXPECT_FALSE(gz.header("Content-Encoding").has_value()) << "stale .gz served";
  EXPECT_EQ(gz.body, kIdentity);
  // .br is still usable, and every answer for app.js varies by Accept-Encoding.
  Response br = exchange(make_request("GET", "/app.js", "Accept-Encoding: gzip, br\r\n"));
  EXPECT_EQ(br.header("Content-Encoding").value_or(""), "br");
  EXPECT_EQ(br.body, kBrotli);
  EXPECT_EQ(gz.header("Vary").value_or(""), "Accept-Encoding");

  // The stale sibling is reported in the error log (bounded wait: it is drained in background).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (server().err().find("app.js.gz") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(server().err().find("app.js.gz"), std::string::npos) << server().err();
}

TEST_F(SemanticsPrecompressedStale, AllSiblingsOlderMeansNoVary) {
  make_app_js(site(), -1, -60);
  Response r = exchange(make_request("GET", "/app.js", "Accept-Encoding: br, gzip\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("Content-Encoding").has_value());
  EXPECT_EQ(r.body, kIdentity);
  EXPECT_FALSE(r.header("Vary").has_value()) << "no usable variant: nothing varies";
}

TEST_F(SemanticsPrecompressedStale, SameMtimeSiblingIsUsed) {
  make_app_js(site(), 0, 0);  // "not older" includes equal
  Response r = exchange(make_request("GET", "/app.js", "Accept-Encoding: gzip\r\n"));
  EXPECT_EQ(r.header("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(r.body, kGzip);
}

class SemanticsPrecompressedOff : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "precompressed: off\n";
    return o;
  }
};

TEST_F(SemanticsPrecompressedOff, SiblingsAreIgnored) {
  make_app_js(site(), 60, 60);
  Response r = exchange(make_request("GET", "/app.js", "Accept-Encoding: br, gzip\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("Content-Encoding").has_value());
  EXPECT_FALSE(r.header("Vary").has_value());
  EXPECT_EQ(r.header("Content-Type").value_or(""), kJsType);
  EXPECT_EQ(r.body, kIdentity);
}

}  // namespace
}  // namespace portico::it
