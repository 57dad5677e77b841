#include "http/status.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace portico::http {
namespace {

TEST(ReasonPhrase, KnownCodes) {
  EXPECT_EQ(reason_phrase(100), "Continue");
  EXPECT_EQ(reason_phrase(200), "OK");
  EXPECT_EQ(reason_phrase(204), "No Content");
  EXPECT_EQ(reason_phrase(206), "Partial Content");
  EXPECT_EQ(reason_phrase(301), "Moved Permanently");
  EXPECT_EQ(reason_phrase(302), "Found");
  EXPECT_EQ(reason_phrase(304), "Not Modified");
  EXPECT_EQ(reason_phrase(400), "Bad Request");
  EXPECT_EQ(reason_phrase(403), "Forbidden");
  EXPECT_EQ(reason_phrase(404), "Not Found");
  EXPECT_EQ(reason_phrase(405), "Method Not Allowed");
  EXPECT_EQ(reason_phrase(408), "Request Timeout");
  EXPECT_EQ(reason_phrase(412), "Precondition Failed");
  EXPECT_EQ(reason_phrase(413), "Content Too Large");
  EXPECT_EQ(reason_phrase(414), "URI Too Long");
  EXPECT_EQ(reason_phrase(416), "Range Not Satisfiable");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(500), "Internal Server Error");
  EXPECT_EQ(reason_phrase(501), "Not Implemented");
  EXPECT_EQ(reason_phrase(503), "Service Unavailable");
  EXPECT_EQ(reason_phrase(505), "HTTP Version Not Supported");
}

TEST(ReasonPhrase, UnknownCodes) {
  EXPECT_EQ(reason_phrase(0), "Unknown");
  EXPECT_EQ(reason_phrase(-1), "Unknown");
  EXPECT_EQ(reason_phrase(299), "Unknown");
  EXPECT_EQ(reason_phrase(418), "Unknown");
  EXPECT_EQ(reason_phrase(999), "Unknown");
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

TEST(ErrorPageHtml, IsACompleteHtml5Document) {
  const std::string page = error_page_html(404);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(page, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(contains(page, "<title>404 Not Found</title>"));
  EXPECT_TRUE(contains(page, "<h1>404 Not Found</h1>"));
  EXPECT_TRUE(contains(page, "<footer>portico</footer>"));
  EXPECT_TRUE(contains(page, "</body>\n</html>"));
  EXPECT_FALSE(contains(page, "<p>"));  // no detail, no paragraph
}

TEST(ErrorPageHtml, IncludesTheReasonForEachStatus) {
  for (int status : {400, 403, 404, 405, 413, 414, 416, 431, 500, 501, 503, 505}) {
    const std::string page = error_page_html(status);
    const std::string heading =
        "<h1>" + std::to_string(status) + " " + std::string(reason_phrase(status)) + "</h1>";
    EXPECT_TRUE(contains(page, heading)) << status;
  }
}

TEST(ErrorPageHtml, EscapesTheDetail) {
  const std::string page =
      error_page_html(404, "No such file: /<script>alert(\"x\")</script>&'.html");
  EXPECT_TRUE(contains(
      page,
      "<p>No such file: /&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;.html</p>"));
  EXPECT_FALSE(contains(page, "<script>"));
  EXPECT_FALSE(contains(page, "alert(\"x\")"));
}

TEST(ErrorPageHtml, UnknownStatus) {
  const std::string page = error_page_html(599, "x");
  EXPECT_TRUE(contains(page, "<title>599 Unknown</title>"));
  EXPECT_TRUE(contains(page, "<p>x</p>"));
}

}  // namespace
}  // namespace portico::http
