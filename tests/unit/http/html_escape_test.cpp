#include "http/html_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::http {
namespace {

TEST(HtmlEscape, LeavesPlainTextAlone) {
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("hello world /a/b.html?x=1"), "hello world /a/b.html?x=1");
  EXPECT_EQ(html_escape("caf\xC3\xA9"), "caf\xC3\xA9");  // UTF-8 passes through
}

TEST(HtmlEscape, EscapesEachSpecialCharacter) {
  EXPECT_EQ(html_escape("&"), "&amp;");
  EXPECT_EQ(html_escape("<"), "&lt;");
  EXPECT_EQ(html_escape(">"), "&gt;");
  EXPECT_EQ(html_escape("\""), "&quot;");
  EXPECT_EQ(html_escape("'"), "&#39;");
}

TEST(HtmlEscape, EscapesMarkupAndAttributeBreakouts) {
  EXPECT_EQ(html_escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
  EXPECT_EQ(html_escape("a & b && c"), "a &amp; b &amp;&amp; c");
}

TEST(HtmlEscape, EscapesOnlyOnce) {
  // An existing entity is text, not markup: its '&' is escaped like any other.
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
  EXPECT_EQ(html_escape(html_escape("<")), "&amp;lt;");
}

TEST(HtmlEscape, KeepsEmbeddedNul) {
  const std::string input("a\0<", 3);
  EXPECT_EQ(html_escape(input), std::string("a\0&lt;", 6));
}

}  // namespace
}  // namespace portico::http
