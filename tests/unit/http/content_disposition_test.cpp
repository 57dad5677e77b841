#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

namespace portico::http {
namespace {

struct DispositionCase {
  std::string_view name;
  std::string_view fallback;  // the filename="..." content
  std::string_view encoded;   // what follows UTF-8''
};

void PrintTo(const DispositionCase& c, std::ostream* os) {
  *os << '[' << c.encoded << ']';
}

class AttachmentDispositionTest : public ::testing::TestWithParam<DispositionCase> {};

TEST_P(AttachmentDispositionTest, Vector) {
  const DispositionCase& c = GetParam();
  std::string expected = "attachment; filename=\"";
  expected += c.fallback;
  expected += "\"; filename*=UTF-8''";
  expected += c.encoded;
  EXPECT_EQ(attachment_disposition(c.name), expected);
}

using namespace std::string_view_literals;

INSTANTIATE_TEST_SUITE_P(
    Ascii, AttachmentDispositionTest,
    ::testing::Values(DispositionCase{"report.pdf", "report.pdf", "report.pdf"},
                      DispositionCase{"my file.txt", "my file.txt", "my%20file.txt"},
                      DispositionCase{"a\"b\\c.txt", "a_b_c.txt", "a%22b%5Cc.txt"},
                      DispositionCase{"100%.txt", "100_.txt", "100%25.txt"},
                      DispositionCase{"it's (1).txt", "it's (1).txt", "it%27s%20%281%29.txt"},
                      DispositionCase{"a*b;c=d,e.txt", "a*b;c=d,e.txt", "a%2Ab%3Bc%3Dd%2Ce.txt"},
                      // attr-char passes through filename* as is.
                      DispositionCase{"!#$&+-.^_`|~", "!#$&+-.^_`|~", "!#$&+-.^_`|~"},
                      DispositionCase{"x/y?z[1]{2}<3>@", "x/y?z[1]{2}<3>@",
                                      "x%2Fy%3Fz%5B1%5D%7B2%7D%3C3%3E%40"},
                      // Control characters never reach the header raw.
                      DispositionCase{"a\r\nb", "a__b", "a%0D%0Ab"},
                      DispositionCase{"a\tb\x7f", "a_b_", "a%09b%7F"},
                      DispositionCase{"a\0b"sv, "a_b", "a%00b"}));

INSTANTIATE_TEST_SUITE_P(
    Utf8, AttachmentDispositionTest,
    ::testing::Values(
        // résumé.pdf: one '_' per character, not per byte.
        DispositionCase{"r\xC3\xA9sum\xC3\xA9.pdf", "r_sum_.pdf", "r%C3%A9sum%C3%A9.pdf"},
        // 日本.txt
        DispositionCase{"\xE6\x97\xA5\xE6\x9C\xAC.txt", "__.txt", "%E6%97%A5%E6%9C%AC.txt"},
        // 😀.png, a four-byte sequence.
        DispositionCase{"\xF0\x9F\x98\x80.png", "_.png", "%F0%9F%98%80.png"},
        // Ünïcode Ωmega
        DispositionCase{"\xC3\x9Cn\xC3\xAF"
                        "code \xCE\xA9mega",
                        "_n_code _mega", "%C3%9Cn%C3%AFcode%20%CE%A9mega"},
        // Invalid UTF-8: each bad byte is its own '_', and is encoded byte for byte.
        DispositionCase{"\xFF\xFE"
                        "a",
                        "__a", "%FF%FEa"},
        DispositionCase{"\xC3", "_", "%C3"},  // cut short
        DispositionCase{"\xC3"
                        "a",
                        "_a", "%C3a"},                                // bad continuation
        DispositionCase{"\xC0\xAF", "__", "%C0%AF"},                  // overlong '/'
        DispositionCase{"\xE0\x80\xAF", "___", "%E0%80%AF"},          // overlong, three bytes
        DispositionCase{"\xED\xA0\x80", "___", "%ED%A0%80"},          // a surrogate
        DispositionCase{"\xF4\x90\x80\x80", "____", "%F4%90%80%80"},  // past U+10FFFF
        DispositionCase{"\x80"
                        "x",
                        "_x", "%80x"}));  // a stray continuation byte

TEST(AttachmentDisposition, EmptyNameIsPlainAttachment) {
  EXPECT_EQ(attachment_disposition(""), "attachment");
}

TEST(AttachmentDisposition, ExactHeaderForAUtf8Name) {
  EXPECT_EQ(attachment_disposition("r\xC3\xA9sum\xC3\xA9.pdf"),
            "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
}

}  // namespace
}  // namespace portico::http
