#include "http/windows_path.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "http/target_path.hpp"

namespace portico::http {
namespace {

TEST(WindowsPathStatus, AcceptsOrdinaryNames) {
  for (const std::string_view path : {
           "/", "/index.html", "/dir/", "/dir/sub/file.txt", "/.well-known/acme-challenge/token",
           "/archive.tar.gz",
           "/a b/c d.txt",  // inner spaces are fine
       }) {
    EXPECT_EQ(windows_path_status(path), 0) << path;
  }
  for (const std::string_view path : {
           // Names that contain a device name without being one.
           "/console.txt",
           "/icon.png",
           "/conin.txt",
           "/conout",
           "/con_file",
           "/con-1.txt",
           "/prn1",
           "/auxiliary/x",
           "/nullable.js",
           "/null",
           "/com",
           "/com10",
           "/com1x",
           "/comA.txt",
           "/lpt",
           "/lpt10.log",
           "/xcon",
           "/x.con",  // the device name must come first
           "/a.nul.txt",
           "/ con",             // leading space: not a device
           "/com\xC2\xB9x",     // superscript digit then more
           "/com\xC2\xB4",      // U+00B4 (acute accent) is not a digit
           "/com\xE2\x81\xB4",  // U+2074 superscript four: not one Windows counts
           "/CONIN",
           "/conout$x",
           "/$data",
           "/~user/index.html",
           "/SECRE~1.TXT",            // looks like a short name: only the opened handle can tell
           "/\xC3\xA9t\xC3\xA9.txt",  // UTF-8 "été.txt"
           "/dir.d/file",
           "/..data",  // starts with dots, ends with a letter
       }) {
    EXPECT_EQ(windows_path_status(path), 0) << path;
  }
}

TEST(WindowsPathStatus, RefusesStreamsDrivesAndSeparators) {
  for (const std::string_view path : {
           "/secret.txt::$DATA",
           "/secret.txt:$DATA",
           "/secret.txt:stream",
           "/secret.txt:stream:$DATA",
           "/dir::$INDEX_ALLOCATION/file",
           "/C:",
           "/C:/Windows/win.ini",
           "/c:secret",
           "/:",
           "/a\\b",
           "/\\",
           "/..\\secret.txt",
           "/\\\\server\\share",
           "//server/share",
           "//server/share/file.txt",
           "//?/C:/x",
           "//./nul",
           "/a//b",
       }) {
    EXPECT_EQ(windows_path_status(path), 404) << path;
  }
}

TEST(WindowsPathStatus, RefusesCharactersWindowsForbids) {
  for (const std::string_view path : {
           "/a<b",
           "/a>b",
           "/a\"b",
           "/a|b",
           "/a?b",
           "/a*",
           "/dir*/x",
           "/tab\there",
           "/bell\a",
       }) {
    EXPECT_EQ(windows_path_status(path), 404) << path;
  }
}

TEST(WindowsPathStatus, RefusesTrailingDotsAndSpaces) {
  for (const std::string_view path : {
           "/secret.txt.",
           "/secret.txt..",
           "/secret.txt ",
           "/secret.txt. ",
           "/secret.txt .",
           "/dir./secret.txt",
           "/dir /secret.txt",
           "/dir. /",
           "/.",
           "/..",
           "/a/./b",
           "/a/../b",
           "/...",
           "/ ",
       }) {
    EXPECT_EQ(windows_path_status(path), 404) << path;
  }
}

TEST(WindowsPathStatus, RefusesDeviceNamesInAnyCaseWithAnyExtension) {
  for (const std::string_view path : {
           "/con",        "/CON",         "/Con",        "/con.txt",      "/CON.TXT",
           "/con.tar.gz", "/prn",         "/prn.log",    "/aux",          "/AUX.h",
           "/nul",        "/Nul.tar.gz",  "/NUL.",       "/nul .txt",     "/nul  .txt",
           "/con . txt",  "/conin$",      "/CONIN$.txt", "/conout$",      "/CONOUT$.log",
           "/com0",       "/com1",        "/COM1",       "/com1.txt",     "/com5.log",
           "/COM9",       "/com9.tar.gz", "/lpt0",       "/lpt1",         "/LPT1.txt",
           "/lpt9",       "/Lpt5.doc",    "/dir/con",    "/con/file.txt", "/a/b/nul.json",
           "/x/AUX/y",    "/con/",        "/com1/",      "/nul..txt",     "/aux.",
       }) {
    EXPECT_EQ(windows_path_status(path), 404) << path;
  }
}

TEST(WindowsPathStatus, RefusesSuperscriptDigitDevices) {
  // Windows counts the ISO 8859-1 superscripts ¹ ² ³ as digits in COM/LPT device names.
  for (const std::string_view path : {
           "/com\xC2\xB9",
           "/COM\xC2\xB2",
           "/com\xC2\xB3.txt",
           "/lpt\xC2\xB9",
           "/LPT\xC2\xB2.log",
           "/lpt\xC2\xB3 .x",
           "/dir/com\xC2\xB9/f",
       }) {
    EXPECT_EQ(windows_path_status(path), 404) << path;
  }
}

// Through the whole path: what a client sends, percent-decoded and normalised first.
TEST(WindowsPathStatus, RefusesWhatEncodedTargetsDecodeTo) {
  struct Case {
    std::string_view target;
    int status;  // of windows_path_status on the normalised path
  };
  for (const auto& c : {
           Case{"/index.html", 0}, Case{"/secret.txt%3A%3A%24DATA", 404},
           Case{"/secret.txt%3a%24DATA", 404}, Case{"/%5C..%5Csecret.txt", 404},
           Case{"/secret.txt%2E", 404}, Case{"/secret.txt%20", 404},
           Case{"/secret.txt%20%2E%20", 404}, Case{"/CON%2Etxt", 404}, Case{"/com%C2%B9", 404},
           Case{"/C%3A/Windows/win.ini", 404}, Case{"/a%3Cb", 404},
           Case{"//server/share/x", 0},  // normalisation collapses the slashes first
       }) {
    const auto target = normalize_target(c.target);
    ASSERT_EQ(target.status, 0) << c.target;
    EXPECT_EQ(windows_path_status(target.path), c.status) << c.target << " -> " << target.path;
  }
}

struct FinalPathCase {
  std::wstring_view root;
  std::wstring_view requested;
  std::wstring_view opened;
  bool matches;
};

void PrintTo(const FinalPathCase& c, std::ostream* os) {
  const auto narrow = [](std::wstring_view w) {
    std::string s;
    for (const wchar_t ch : w) s += ch < 0x80 ? static_cast<char>(ch) : '?';
    return s;
  };
  *os << narrow(c.root) << " + " << narrow(c.requested) << " vs " << narrow(c.opened);
}

class FinalPathMatchesTest : public ::testing::TestWithParam<FinalPathCase> {};

TEST_P(FinalPathMatchesTest, ComparesOpenedWithRequested) {
  const auto& c = GetParam();
  EXPECT_EQ(final_path_matches(c.root, c.requested, c.opened), c.matches);
}

INSTANTIATE_TEST_SUITE_P(
    Accepted, FinalPathMatchesTest,
    ::testing::Values(
        FinalPathCase{LR"(\\?\C:\www)", L"/index.html", LR"(\\?\C:\www\index.html)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"index.html", LR"(\\?\C:\www\index.html)", true},
        FinalPathCase{LR"(\\?\C:\www\)", L"/index.html", LR"(\\?\C:\www\index.html)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"/dir/sub/a.txt", LR"(\\?\C:\www\dir\sub\a.txt)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"dir\\sub\\a.txt", LR"(\\?\C:\www\dir\sub\a.txt)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"/dir/", LR"(\\?\C:\www\dir)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"/", LR"(\\?\C:\www)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"", LR"(\\?\C:\www)", true},
        // ASCII letters compare without case, as Windows opens them.
        FinalPathCase{LR"(\\?\C:\www)", L"/README.TXT", LR"(\\?\C:\www\readme.txt)", true},
        FinalPathCase{LR"(\\?\c:\WWW)", L"/a.txt", LR"(\\?\C:\www\a.txt)", true},
        // With and without the \\?\ prefix on either side.
        FinalPathCase{LR"(C:\www)", L"/a.txt", LR"(\\?\C:\www\a.txt)", true},
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", LR"(C:\www\a.txt)", true},
        FinalPathCase{LR"(C:/www)", L"/a.txt", LR"(C:\www\a.txt)", true},
        // Shares.
        FinalPathCase{LR"(\\?\UNC\server\share\www)", L"/a.txt",
                      LR"(\\?\UNC\server\share\www\a.txt)", true},
        FinalPathCase{LR"(\\server\share\www)", L"/a.txt", LR"(\\?\UNC\server\share\www\a.txt)",
                      true},
        FinalPathCase{LR"(\\?\UNC\server\share\www)", L"/a.txt", LR"(\\server\share\www\a.txt)",
                      true},
        // A drive's root as the document root.
        FinalPathCase{LR"(\\?\D:\)", L"/a.txt", LR"(\\?\D:\a.txt)", true},
        // Non-ASCII names that match exactly.
        FinalPathCase{LR"(\\?\C:\www)", L"/\u00e9t\u00e9.txt", L"\\\\?\\C:\\www\\\u00e9t\u00e9.txt",
                      true}));

INSTANTIATE_TEST_SUITE_P(
    Refused, FinalPathMatchesTest,
    ::testing::Values(
        // 8.3 short names open the long-named file.
        FinalPathCase{LR"(\\?\C:\www)", L"/SECRE~1.TXT", LR"(\\?\C:\www\secret.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/PROGRA~1/x", LR"(\\?\C:\www\Program Files\x)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/dir/LONGNA~1.HTM", LR"(\\?\C:\www\dir\longname.html)",
                      false},
        // Links and junctions that lead out of the root, or elsewhere inside it.
        FinalPathCase{LR"(\\?\C:\www)", L"/link.txt", LR"(\\?\C:\secret\passwords.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/link.txt", LR"(\\?\C:\www\target.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/junction/a", LR"(\\?\D:\other\a)", false},
        // A sibling whose name starts like the root.
        FinalPathCase{LR"(\\?\C:\www)", L"x/secret", LR"(\\?\C:\wwwx\secret)", false},
        // Other drives, shares and volumes.
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", LR"(\\?\D:\www\a.txt)", false},
        FinalPathCase{LR"(\\?\UNC\server\share\www)", L"/a.txt",
                      LR"(\\?\UNC\other\share\www\a.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", LR"(\\?\UNC\C:\www\a.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt",
                      LR"(\\?\Volume{01234567-89ab-cdef-0123-456789abcdef}\www\a.txt)", false},
        // Trailing dots and spaces, streams: what Windows strips or adds.
        FinalPathCase{LR"(\\?\C:\www)", L"/secret.txt.", LR"(\\?\C:\www\secret.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/secret.txt ", LR"(\\?\C:\www\secret.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/secret.txt::$DATA", LR"(\\?\C:\www\secret.txt)", false},
        // A different file, a parent, a child.
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", LR"(\\?\C:\www\b.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/dir/a.txt", LR"(\\?\C:\www\dir)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/dir", LR"(\\?\C:\www\dir\a.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", LR"(\\?\C:\a.txt)", false},
        // Case differences only count as equal in ASCII ('É' vs 'é').
        FinalPathCase{LR"(\\?\C:\www)", L"/\u00c9t\u00e9.txt", L"\\\\?\\C:\\www\\\u00e9t\u00e9.txt",
                      false},
        // Nothing to compare with.
        FinalPathCase{L"", L"/a.txt", LR"(\\?\C:\www\a.txt)", false},
        FinalPathCase{LR"(\\?\C:\www)", L"/a.txt", L"", false}));

}  // namespace
}  // namespace portico::http
