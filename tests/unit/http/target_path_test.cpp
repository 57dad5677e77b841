#include "http/target_path.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

namespace portico::http {
namespace {

struct TargetCase {
  std::string_view target;
  int status;
  std::string_view path;   // only checked when status == 0
  std::string_view query;  // only checked when status == 0
};

void PrintTo(const TargetCase& c, std::ostream* os) {
  *os << '"' << c.target << '"';
}

class NormalizeTargetTest : public ::testing::TestWithParam<TargetCase> {};

TEST_P(NormalizeTargetTest, MapsTargetToPath) {
  const TargetCase& c = GetParam();
  const TargetPath result = normalize_target(c.target);
  EXPECT_EQ(result.status, c.status);
  if (c.status == 0) {
    EXPECT_EQ(result.path, c.path);
    EXPECT_EQ(result.query, c.query);
  }
}

INSTANTIATE_TEST_SUITE_P(
    OriginForm, NormalizeTargetTest,
    ::testing::Values(TargetCase{"/", 0, "/", ""}, TargetCase{"/index.html", 0, "/index.html", ""},
                      TargetCase{"/a/b?q=1&r", 0, "/a/b", "q=1&r"},
                      TargetCase{"/a/b?", 0, "/a/b", ""},
                      TargetCase{"/?x=/../..", 0, "/", "x=/../.."},  // query is not a path
                      TargetCase{"/docs/", 0, "/docs/", ""}, TargetCase{"/docs", 0, "/docs", ""},
                      TargetCase{"/a//b", 0, "/a/b", ""}, TargetCase{"//evil", 0, "/evil", ""},
                      TargetCase{"///a///b///", 0, "/a/b/", ""},
                      TargetCase{"/a/./b/../c", 0, "/a/c", ""}, TargetCase{"/a/b/..", 0, "/a/", ""},
                      TargetCase{"/a/b/../", 0, "/a/", ""}, TargetCase{"/a/.", 0, "/a/", ""},
                      TargetCase{"/.", 0, "/", ""}, TargetCase{"/a/..", 0, "/", ""},
                      TargetCase{"/...", 0, "/...", ""}, TargetCase{"/..a/b..", 0, "/..a/b..", ""},
                      TargetCase{"/.hidden", 0, "/.hidden", ""}));

INSTANTIATE_TEST_SUITE_P(
    PercentDecoding, NormalizeTargetTest,
    ::testing::Values(TargetCase{"/a%20b", 0, "/a b", ""}, TargetCase{"/%41%62%63", 0, "/Abc", ""},
                      TargetCase{"/caf%C3%A9", 0, "/caf\xC3\xA9", ""},
                      TargetCase{"/100%25", 0, "/100%", ""},
                      TargetCase{"/a%3Fb?c%3Fd", 0, "/a?b", "c%3Fd"},  // query stays raw
                      TargetCase{"/a%23b", 0, "/a#b", ""},
                      TargetCase{"/a%5cb", 0, "/a\\b", ""},  // backslash is a name byte here
                      TargetCase{"/%5c..%5c", 0, "/\\..\\", ""},
                      // Double encoding decodes once, to a literal name.
                      TargetCase{"/%252e%252e/", 0, "/%2e%2e/", ""},
                      TargetCase{"/%252e%252e%252fetc", 0, "/%2e%2e%2fetc", ""},
                      // Encoded dots are dot segments.
                      TargetCase{"/a/%2e/b", 0, "/a/b", ""},
                      TargetCase{"/a/b/%2E%2E/c", 0, "/a/c", ""},
                      TargetCase{"/a/.%2e", 0, "/", ""}));

INSTANTIATE_TEST_SUITE_P(Traversal, NormalizeTargetTest,
                         ::testing::Values(TargetCase{"/..", 400, "", ""},
                                           TargetCase{"/../", 400, "", ""},
                                           TargetCase{"/../etc/passwd", 400, "", ""},
                                           TargetCase{"/%2e%2e/etc/passwd", 400, "", ""},
                                           TargetCase{"/..%2fetc", 400, "", ""},
                                           TargetCase{"/%2e%2e%2fetc", 400, "", ""},
                                           TargetCase{"/a/%2e%2e/%2e%2e/b", 400, "", ""},
                                           TargetCase{"/.%2e/", 400, "", ""},
                                           TargetCase{"/%2E./", 400, "", ""},
                                           TargetCase{"/a/../../b", 400, "", ""},
                                           TargetCase{"/a/b/../../..", 400, "", ""},
                                           TargetCase{"http://example.com/../x", 400, "", ""}));

INSTANTIATE_TEST_SUITE_P(
    Malformed, NormalizeTargetTest,
    ::testing::Values(TargetCase{"", 400, "", ""}, TargetCase{"*", 400, "", ""},
                      TargetCase{"a/b", 400, "", ""}, TargetCase{"index.html", 400, "", ""},
                      TargetCase{"?q", 400, "", ""}, TargetCase{"/%00", 400, "", ""},
                      TargetCase{"/a%00.html", 400, "", ""}, TargetCase{"/a%zz", 400, "", ""},
                      TargetCase{"/a%", 400, "", ""}, TargetCase{"/a%4", 400, "", ""},
                      TargetCase{"/a%4/b", 400, "", ""}, TargetCase{"/a%g0", 400, "", ""},
                      TargetCase{"/a%2f", 400, "", ""}, TargetCase{"/a%2Fb", 400, "", ""},
                      TargetCase{"/a%0a", 400, "", ""},
                      TargetCase{"/a%0D%0ASet-Cookie:x", 400, "", ""},
                      TargetCase{"/a%1f", 400, "", ""}, TargetCase{"/a%7f", 400, "", ""},
                      TargetCase{"/a#frag", 400, "", ""}, TargetCase{"/a?b#frag", 400, "", ""},
                      TargetCase{"/a b", 400, "", ""}, TargetCase{"/a\tb", 400, "", ""},
                      TargetCase{"/a?b\x01", 400, "", ""}, TargetCase{"/a\x7f", 400, "", ""},
                      TargetCase{std::string_view("/a\0b", 4), 400, "", ""}));

INSTANTIATE_TEST_SUITE_P(
    AbsoluteForm, NormalizeTargetTest,
    ::testing::Values(TargetCase{"http://example.com/x?y", 0, "/x", "y"},
                      TargetCase{"HTTP://EXAMPLE.COM", 0, "/", ""},
                      TargetCase{"https://example.com", 0, "/", ""},
                      TargetCase{"HtTpS://example.com:8443/a/", 0, "/a/", ""},
                      TargetCase{"http://example.com?q", 0, "/", "q"},
                      TargetCase{"http://127.0.0.1:8080/a//b/./c", 0, "/a/b/c", ""},
                      TargetCase{"http://[::1]:8080/x", 0, "/x", ""},
                      TargetCase{"http://example.com/%2e%2e", 400, "", ""},
                      TargetCase{"http://", 400, "", ""}, TargetCase{"http:///x", 400, "", ""},
                      TargetCase{"http://user@example.com/", 400, "", ""},
                      TargetCase{"http://exa mple.com/", 400, "", ""},
                      TargetCase{"ftp://example.com/x", 400, "", ""},
                      TargetCase{"http:/example.com/x", 400, "", ""},
                      TargetCase{"httpx://example.com/x", 400, "", ""}));

TEST(NormalizeTarget, FailureLeavesPathEmpty) {
  const TargetPath result = normalize_target("/../x?q");
  EXPECT_EQ(result.status, 400);
  EXPECT_TRUE(result.path.empty());
  EXPECT_TRUE(result.query.empty());
}

TEST(NormalizeTarget, ResultIsAFixedPoint) {
  // Normalising an already normalised path must not change it (no second decode).
  for (std::string_view target : {"/a/b/", "/%252e%252e/x", "/a%2525", "/x/.y"}) {
    const TargetPath once = normalize_target(target);
    ASSERT_EQ(once.status, 0) << target;
    std::string reencoded;
    for (char c : once.path) {
      if (c == '%') {
        reencoded += "%25";
      } else {
        reencoded.push_back(c);
      }
    }
    EXPECT_EQ(normalize_target(reencoded).path, once.path) << target;
  }
}

struct HiddenCase {
  std::string_view path;
  bool hidden;
};

void PrintTo(const HiddenCase& c, std::ostream* os) {
  *os << '"' << c.path << '"';
}

class IsHiddenPathTest : public ::testing::TestWithParam<HiddenCase> {};

TEST_P(IsHiddenPathTest, DetectsDotSegments) {
  EXPECT_EQ(is_hidden_path(GetParam().path), GetParam().hidden);
}

INSTANTIATE_TEST_SUITE_P(
    Paths, IsHiddenPathTest,
    ::testing::Values(
        HiddenCase{"/", false}, HiddenCase{"/index.html", false}, HiddenCase{"/a/b/c.txt", false},
        HiddenCase{"/a.b/c.d/", false}, HiddenCase{"/.git", true}, HiddenCase{"/.git/", true},
        HiddenCase{"/.git/config", true}, HiddenCase{"/a/.env", true},
        HiddenCase{"/a/.config/b", true}, HiddenCase{"/a/b/.htaccess", true},
        HiddenCase{"/...", true}, HiddenCase{"/.well-known", false},
        HiddenCase{"/.well-known/", false}, HiddenCase{"/.well-known/acme-challenge/token", false},
        HiddenCase{"/.well-known/security.txt", false}, HiddenCase{"/.well-known/.secret", true},
        HiddenCase{"/.well-known/a/.b/c", true},
        HiddenCase{"/a/.well-known/x", true},  // only at the root
        HiddenCase{"/.well-knownx/y", true}, HiddenCase{"/.Well-Known/y", true}));

}  // namespace
}  // namespace portico::http
