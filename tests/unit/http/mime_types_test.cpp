#include "http/mime_types.hpp"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <string_view>

namespace portico::http {
namespace {

struct MimeCase {
  std::string_view path;
  std::string_view type;
};

void PrintTo(const MimeCase& c, std::ostream* os) {
  *os << '"' << c.path << '"';
}

class BuiltinMimeTest : public ::testing::TestWithParam<MimeCase> {};

TEST_P(BuiltinMimeTest, LooksUpByExtension) {
  const MimeTypes types;
  EXPECT_EQ(types.lookup(GetParam().path), GetParam().type);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BuiltinMimeTest,
    ::testing::Values(MimeCase{"/index.html", "text/html; charset=utf-8"},
                      MimeCase{"/index.htm", "text/html; charset=utf-8"},
                      MimeCase{"/s.css", "text/css; charset=utf-8"},
                      MimeCase{"/app.js", "text/javascript; charset=utf-8"},
                      MimeCase{"/mod.mjs", "text/javascript; charset=utf-8"},
                      MimeCase{"/d.json", "application/json; charset=utf-8"},
                      MimeCase{"/app.js.map", "application/json; charset=utf-8"},
                      MimeCase{"/site.webmanifest", "application/manifest+json; charset=utf-8"},
                      MimeCase{"/feed.xml", "application/xml; charset=utf-8"},
                      MimeCase{"/feed.rss", "application/rss+xml; charset=utf-8"},
                      MimeCase{"/feed.atom", "application/atom+xml; charset=utf-8"},
                      MimeCase{"/c.yaml", "application/yaml; charset=utf-8"},
                      MimeCase{"/c.yml", "application/yaml; charset=utf-8"},
                      MimeCase{"/robots.txt", "text/plain; charset=utf-8"},
                      MimeCase{"/README.md", "text/markdown; charset=utf-8"},
                      MimeCase{"/t.csv", "text/csv; charset=utf-8"},
                      MimeCase{"/cal.ics", "text/calendar; charset=utf-8"},
                      MimeCase{"/logo.svg", "image/svg+xml; charset=utf-8"},
                      MimeCase{"/i.png", "image/png"}, MimeCase{"/i.jpg", "image/jpeg"},
                      MimeCase{"/i.jpeg", "image/jpeg"}, MimeCase{"/i.gif", "image/gif"},
                      MimeCase{"/i.webp", "image/webp"}, MimeCase{"/i.avif", "image/avif"},
                      MimeCase{"/favicon.ico", "image/x-icon"}, MimeCase{"/i.bmp", "image/bmp"},
                      MimeCase{"/f.woff", "font/woff"}, MimeCase{"/f.woff2", "font/woff2"},
                      MimeCase{"/f.ttf", "font/ttf"}, MimeCase{"/f.otf", "font/otf"},
                      MimeCase{"/m.wasm", "application/wasm"},
                      MimeCase{"/d.pdf", "application/pdf"}, MimeCase{"/a.zip", "application/zip"},
                      MimeCase{"/a.tar.gz", "application/gzip"},
                      MimeCase{"/a.tar", "application/x-tar"}, MimeCase{"/v.mp4", "video/mp4"},
                      MimeCase{"/v.webm", "video/webm"}, MimeCase{"/s.mp3", "audio/mpeg"},
                      MimeCase{"/s.ogg", "audio/ogg"}, MimeCase{"/s.wav", "audio/wav"}));

INSTANTIATE_TEST_SUITE_P(
    ExtensionRules, BuiltinMimeTest,
    ::testing::Values(
        MimeCase{"/INDEX.HTML", "text/html; charset=utf-8"},  // case-insensitive
        MimeCase{"/Photo.JpEg", "image/jpeg"}, MimeCase{"index.html", "text/html; charset=utf-8"},
        MimeCase{"/a.b.c.css", "text/css; charset=utf-8"},       // last dot wins
        MimeCase{"/dir.html/file", "application/octet-stream"},  // only the last segment
        MimeCase{"/dir.html/", "application/octet-stream"},
        MimeCase{"/Makefile", "application/octet-stream"},
        MimeCase{"/file.", "application/octet-stream"},
        MimeCase{"/file.unknownext", "application/octet-stream"},
        MimeCase{"/file.exe", "application/octet-stream"},
        MimeCase{"/", "application/octet-stream"}, MimeCase{"", "application/octet-stream"},
        MimeCase{"/.json", "application/json; charset=utf-8"},  // dotfiles: extension after dot
        MimeCase{"/file.html~", "application/octet-stream"}));  // backup files are not HTML

TEST(MimeTypes, OverridesReplaceAndExtend) {
  const MimeTypes types({{".md", "text/plain"},
                         {".JS", "application/javascript"},
                         {".foo", "application/x-foo"},
                         {"bar", "image/x-bar"}});
  EXPECT_EQ(types.lookup("/r.md"), "text/plain; charset=utf-8");
  EXPECT_EQ(types.lookup("/a.js"), "application/javascript");
  EXPECT_EQ(types.lookup("/a.Js"), "application/javascript");
  EXPECT_EQ(types.lookup("/x.FOO"), "application/x-foo");
  EXPECT_EQ(types.lookup("/x.bar"), "image/x-bar");  // the dot in the key is optional
  EXPECT_EQ(types.lookup("/i.png"), "image/png");    // untouched built-ins remain
  EXPECT_EQ(types.lookup("/x.baz"), "application/octet-stream");
}

TEST(MimeTypes, OverrideCharsetOnlyForParameterlessText) {
  const MimeTypes types({{".a", "text/x-a"},
                         {".b", "text/plain; charset=iso-8859-1"},
                         {".c", "TEXT/X-C"},
                         {".d", "application/json"},
                         {".e", "image/svg+xml"}});
  EXPECT_EQ(types.lookup("/f.a"), "text/x-a; charset=utf-8");
  EXPECT_EQ(types.lookup("/f.b"), "text/plain; charset=iso-8859-1");
  EXPECT_EQ(types.lookup("/f.c"), "TEXT/X-C; charset=utf-8");
  EXPECT_EQ(types.lookup("/f.d"), "application/json");  // verbatim: not text/*
  EXPECT_EQ(types.lookup("/f.e"), "image/svg+xml");
}

TEST(MimeTypes, ResultOutlivesTheOverrideMap) {
  std::string_view type;
  MimeTypes types = [] {
    std::map<std::string, std::string> overrides{{".x", "application/x-x"}};
    return MimeTypes(overrides);
  }();
  type = types.lookup("/f.x");
  EXPECT_EQ(type, "application/x-x");
}

}  // namespace
}  // namespace portico::http
