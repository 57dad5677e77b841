// Request targets that try to leave the root, or that cannot be decoded. A file `secret` sits
// next to the root; its content must never come back.

#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

struct Vector {
  const char* name;
  const char* target;
};

void PrintTo(const Vector& v, std::ostream* os) {
  *os << v.target;
}

class Traversal : public ServerTest, public ::testing::WithParamInterface<Vector> {};

// Dot segments, plain or encoded: 400, or 404 once normalised inside the root.
TEST_P(Traversal, RefusedWithoutLeaking) {
  Response r = exchange(make_request("GET", GetParam().target));
  EXPECT_TRUE(r.status == 400 || r.status == 404) << GetParam().target << " -> " << r.status;
  expect_no_secret(r);
}

INSTANTIATE_TEST_SUITE_P(Vectors, Traversal,
                         ::testing::Values(Vector{"DotDot", "/../secret"},
                                           Vector{"EncodedDots", "/%2e%2e/secret"},
                                           Vector{"EncodedDotsUpper", "/%2E%2E/secret"},
                                           Vector{"EncodedSlash", "/..%2fsecret"},
                                           Vector{"AllEncoded", "/%2e%2e%2fsecret"},
                                           Vector{"FromSub", "/sub/..%2f..%2fsecret"},
                                           Vector{"FromSubPlain", "/sub/../../secret"},
                                           Vector{"DotThenDotDot", "/./../secret"},
                                           Vector{"DoubleDotDot", "/../../secret"},
                                           Vector{"Backslash", "/..%5csecret"}),
                         [](const auto& info) { return std::string(info.param.name); });

class Undecodable : public ServerTest, public ::testing::WithParamInterface<Vector> {};

// Bytes that no file name may hold, or an escape that is not one: 400.
TEST_P(Undecodable, IsBadRequest) {
  Response r = exchange(make_request("GET", GetParam().target));
  EXPECT_EQ(r.status, 400) << GetParam().target;
  expect_no_secret(r);
}

INSTANTIATE_TEST_SUITE_P(Vectors, Undecodable,
                         ::testing::Values(Vector{"EncodedNul", "/a%00b"},
                                           Vector{"BadEscape", "/%zz"},
                                           Vector{"TruncatedEscape", "/a.txt%2"}),
                         [](const auto& info) { return std::string(info.param.name); });

using TraversalSafety = ServerTest;

// Dot segments that stay inside the root may be normalised and served, or refused, but
// never resolve outside of it.
TEST_F(TraversalSafety, DotSegmentsInsideRoot) {
  Response r = get("/sub/../a.txt");
  EXPECT_TRUE(r.status == 200 || r.status == 400) << r.status;
  if (r.status == 200) {
    EXPECT_EQ(r.body, site().content("/a.txt"));
  }
}

TEST_F(TraversalSafety, EncodedCharactersAreDecoded) {
  Response r = get("/%61.txt");  // "a.txt"
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/a.txt"));
}

}  // namespace
}  // namespace portico::it
