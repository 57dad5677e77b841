#include "http/fingerprint.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace portico::http {
namespace {

class FingerprintedTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(FingerprintedTest, Matches) {
  EXPECT_TRUE(is_fingerprinted(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Hashed, FingerprintedTest,
    ::testing::Values(
        // Hex between dots (webpack, Parcel, Create React App).
        "app.3f9a1c2b.js", "main.0a1b2c3d4e5f.css", "vendor.8c5e2b1a.chunk.js",
        "runtime~main.a1b2c3d4.js", "logo.5d5d9eef.svg", "main.3F9A1C2B.js",
        "Inter-roman.var.3a7f9c21.woff2",
        "bundle.e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.js",
        // Hex after the last '-' (webpack [name]-[contenthash], Next.js).
        "framework-2c79e2a64abdb08b.js", "webpack-59c5c889f52620d6.js",
        // Base64url after the last '-' (Vite, Rollup).
        "index-BXq3kQ8w.js", "index-D_4kPq9z.css", "my-lib-a1B2c3D4.js", "index-BXq3kQ8w.js.map",
        "vendor-CmT9x2Lp1qRz.js",
        // Paths: only the last component counts.
        "assets/index-BXq3kQ8w.js", "/static/js/main.4d5e6f7a.js"));

class NotFingerprintedTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(NotFingerprintedTest, DoesNotMatch) {
  EXPECT_FALSE(is_fingerprinted(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Plain, NotFingerprintedTest,
    ::testing::Values(
        "", "readme.md", "index.html", "abcdefgh.js",
        // Dates, versions and serial numbers.
        "report.20240131.pdf", "lib-1.2.3.js", "jquery-3.7.1.min.js", "photo-20240131.jpg",
        "backup-2024-01-31.tar.gz", "font-awesome-4.7.0.css", "node-v20.11.1-linux-x64.tar.xz",
        "IMG_20240131_123456.jpg", "file-550e8400-e29b-41d4-a716-446655440000.png",
        // Hex that is not between two dots, or not mixed, or too short.
        "deadbeef.txt", "3f9a1c2b", "3f9a1c2b.js", "app.3f9a1c2b", "app.deadbeef.js",
        "app.12345678.js", "app.3f9a1c2.js", "app.3f9a1c2g.js", "app..js",
        // Base64url runs missing a class, too short, or without a name or an extension.
        "index-bxq3kq8w.js", "index-BXQ3KQ8W.js", "index-BXqzkQbw.js", "index-BXq3kQ8.js",
        "-BXq3kQ8w.js", "index-BXq3kQ8w", "index-BXq3kQ8w.", "index-BXq3kQ8w!.js",
        // Words: a capital only at the start is a Capitalised word, not a hash.
        "Invoice-Version2.pdf", "Report-Q3-final.pdf", "Meeting-Chapter12.docx",
        // The directory is not the file.
        "assets.3f9a1c2b.d/readme.md", "index-BXq3kQ8w.d/app.js"));

struct GlobCase {
  std::string_view pattern;
  std::string_view text;
  bool matches;
};

void PrintTo(const GlobCase& c, std::ostream* os) {
  *os << '[' << c.pattern << "] vs [" << c.text << ']';
}

class GlobMatchTest : public ::testing::TestWithParam<GlobCase> {};

TEST_P(GlobMatchTest, Vector) {
  EXPECT_EQ(glob_match(GetParam().pattern, GetParam().text), GetParam().matches);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, GlobMatchTest,
    ::testing::Values(
        GlobCase{"", "", true}, GlobCase{"", "a", false}, GlobCase{"abc", "abc", true},
        GlobCase{"abc", "abd", false}, GlobCase{"*.JS", "a.js", false},  // case-sensitive
        GlobCase{"*", "", true}, GlobCase{"*", "anything.at-all", true},
        GlobCase{"*.js", "app.js", true}, GlobCase{"*.js", ".js", true},
        GlobCase{"*.js", "app.json", false}, GlobCase{"*.js", "app.css", false},
        GlobCase{"app.*.js", "app.3f9a1c2b.js", true}, GlobCase{"?", "a", true},
        GlobCase{"?", "", false}, GlobCase{"?", "ab", false}, GlobCase{"*?", "", false},
        GlobCase{"*?", "a", true}, GlobCase{"a*b*c", "aXbYc", true},
        GlobCase{"a*b*c", "abcbc", true}, GlobCase{"a*b*c", "abcb", false},
        GlobCase{"*a", "bba", true}, GlobCase{"**", "abc", true},
        // Nothing crosses a '/'.
        GlobCase{"*", "a/b", false}, GlobCase{"?", "/", false}, GlobCase{"a*", "ab/c", false},
        GlobCase{"*.js", "dir/app.js", false}, GlobCase{"*/*.js", "dir/app.js", true},
        GlobCase{"assets/*.js", "assets/app.js", true},
        GlobCase{"assets/*.js", "assets/x/app.js", false},
        GlobCase{"assets/**/*.js", "assets/x/app.js", true},
        GlobCase{"assets/**", "assets/x/app.js", false}, GlobCase{"assets/*", "assets/", true},
        GlobCase{"a/", "a/", true}, GlobCase{"a/", "a", false}, GlobCase{"a", "a/", false},
        GlobCase{"a/b", "a/b/c", false}, GlobCase{"a/b/c", "a/b", false},
        // Backtracking stays cheap on a classic exponential case.
        GlobCase{"a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false}));

struct RuleCase {
  std::string_view pattern;
  std::string_view path;
  bool matches;
};

void PrintTo(const RuleCase& c, std::ostream* os) {
  *os << '[' << c.pattern << "] vs [" << c.path << ']';
}

class GlobRuleMatchesTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(GlobRuleMatchesTest, Vector) {
  EXPECT_EQ(glob_rule_matches(GetParam().pattern, GetParam().path), GetParam().matches);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, GlobRuleMatchesTest,
    ::testing::Values(
        // No '/': the last component.
        RuleCase{"*.js", "/assets/app.js", true}, RuleCase{"app.js", "/assets/app.js", true},
        RuleCase{"*.js", "/assets/app.css", false}, RuleCase{"*.js", "app.js", true},
        RuleCase{"assets", "/assets/app.js", false},
        // With '/': the whole path, anchored, a leading '/' optional on both sides.
        RuleCase{"assets/*.js", "/assets/app.js", true},
        RuleCase{"/assets/*.js", "/assets/app.js", true},
        RuleCase{"/assets/*.js", "assets/app.js", true},
        RuleCase{"assets/*.js", "/static/assets/app.js", false},
        RuleCase{"assets/*.js", "/assets/js/app.js", false}, RuleCase{"/*", "/index.html", true},
        RuleCase{"/*", "/a/index.html", false}));

TEST(FirstMatchingRule, FirstRuleWins) {
  const std::vector<GlobRule> rules{{"*.html", "no-cache"},
                                    {"assets/*", "max-age=31536000"},
                                    {"*", "max-age=60"},
                                    {"*.css", "never reached"}};
  ASSERT_NE(first_matching_rule(rules, "/index.html"), nullptr);
  EXPECT_EQ(first_matching_rule(rules, "/index.html")->value, "no-cache");
  EXPECT_EQ(first_matching_rule(rules, "/assets/index.html")->value, "no-cache");
  EXPECT_EQ(first_matching_rule(rules, "/assets/app.js")->value, "max-age=31536000");
  EXPECT_EQ(first_matching_rule(rules, "/style.css")->value, "max-age=60");
  EXPECT_EQ(first_matching_rule({}, "/index.html"), nullptr);
  const std::vector<GlobRule> only_js{{"*.js", "x"}};
  EXPECT_EQ(first_matching_rule(only_js, "/a/b.css"), nullptr);
}

}  // namespace
}  // namespace portico::http
