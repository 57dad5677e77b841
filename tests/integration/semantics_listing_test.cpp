// Directory listings over real sockets: `autoindex: off` (403), `html` (escaped, sorted, no
// dotfiles, symlinks only when they stay inside the root), JSON by query or Accept, and
// `autoindex: json`.

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

namespace fs = std::filesystem;

// A tiny JSON reader for what a listing holds: an array of flat objects whose values are
// strings, numbers, true, false or null. Values are kept as text (strings unescaped).
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  using Object = std::map<std::string, std::string>;

  std::optional<std::vector<Object>> array_of_objects() {
    std::vector<Object> out;
    if (!eat('[')) return std::nullopt;
    if (eat(']')) return finish(out);
    for (;;) {
      auto object = read_object();
      if (!object) return std::nullopt;
      out.push_back(std::move(*object));
      if (eat(']')) return finish(out);
      if (!eat(',')) return std::nullopt;
    }
  }

 private:
  std::optional<std::vector<Object>> finish(std::vector<Object>& out) {
    skip_ws();
    if (pos_ != text_.size()) return std::nullopt;  // trailing garbage
    return std::move(out);
  }

  void skip_ws() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool eat(char c) {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<std::string> read_string() {
    if (!eat('"')) return std::nullopt;
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;  // raw control character
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return std::nullopt;
      const char e = text_[pos_++];
      if (e == 'u') {
        if (pos_ + 4 > text_.size()) return std::nullopt;
        const unsigned long code = std::stoul(std::string(text_.substr(pos_, 4)), nullptr, 16);
        pos_ += 4;
        if (code >= 0x80) return std::nullopt;  // listings only escape control characters
        out.push_back(static_cast<char>(code));
      } else {
        const std::string_view from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
        const std::size_t at = from.find(e);
        if (at == std::string_view::npos) return std::nullopt;
        out.push_back(to[at]);
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> read_scalar() {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '"') return read_string();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '-' || text_[pos_] == '.' || text_[pos_] == '+'))
      ++pos_;
    if (pos_ == start) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<Object> read_object() {
    Object out;
    if (!eat('{')) return std::nullopt;
    if (eat('}')) return out;
    for (;;) {
      auto key = read_string();
      if (!key || !eat(':')) return std::nullopt;
      auto value = read_scalar();
      if (!value) return std::nullopt;
      if (!out.emplace(*key, *value).second) return std::nullopt;  // duplicate key
      if (eat('}')) return out;
      if (!eat(',')) return std::nullopt;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

const std::string kOddName = "a<b>&c.txt";

// list/ with an awkward name, plain files, a subfolder, a dotfile, and symlinks in and out.
void make_listing_dir(const TempSite& site) {
  const fs::path dir = site.root() / "list";
  write_file(dir / kOddName, "odd\n");
  write_file(dir / "b.txt", "bee!\n");
  write_file(dir / "zeta.txt", std::string(1500, 'z'));
  write_file(dir / "sub2" / "inner.txt", "inner\n");
  write_file(dir / ".dotfile", "hidden\n");
  fs::create_symlink("b.txt", dir / "inlink.txt");
  fs::create_symlink("../../secret", dir / "outlink.txt");          // leaves the root
  fs::create_symlink(site.base() / "secret", dir / "abslink.txt");  // absolute: refused too
}

std::vector<std::string> names_of(const std::vector<JsonReader::Object>& entries) {
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.count("name") ? e.at("name") : "(no name)");
  return names;
}

// The JSON listing of list/ as make_listing_dir made it.
void expect_json_listing(const Response& r) {
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u)
      << r.header("Content-Type").value_or("(none)");
  JsonReader reader(r.body);
  const auto entries = reader.array_of_objects();
  ASSERT_TRUE(entries.has_value()) << "not a JSON array of objects:\n" << r.body;
  const std::vector<std::string> names = names_of(*entries);
  // Folders first, then files, each in byte order; no dotfile, no link leaving the root.
  const std::vector<std::string> expected = {"sub2", kOddName, "b.txt", "inlink.txt", "zeta.txt"};
  EXPECT_EQ(names, expected) << r.body;
  for (const auto& e : *entries) {
    const std::string name = e.count("name") ? e.at("name") : "";
    ASSERT_TRUE(e.count("type")) << name;
    if (name == "sub2") {
      EXPECT_EQ(e.at("type"), "directory");
      continue;
    }
    EXPECT_EQ(e.at("type"), "file") << name;
    ASSERT_TRUE(e.count("size")) << name;
    const std::uint64_t size = name == "zeta.txt"     ? 1500
                               : name == "b.txt"      ? 5
                               : name == "inlink.txt" ? 5  // the size of what it points at
                                                      : 4;
    EXPECT_EQ(e.at("size"), std::to_string(size)) << name;
  }
}

using SemanticsListingOff = ServerTest;

TEST_F(SemanticsListingOff, DirectoryWithoutIndexIs403) {
  make_listing_dir(site());
  Response r = get("/list/");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("zeta.txt"), std::string::npos) << "listings are off";
  EXPECT_EQ(get("/list/?format=json").status, 403);
}

class SemanticsListingHtml : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "autoindex: html\n";
    return o;
  }
};

TEST_F(SemanticsListingHtml, ListsEscapedSortedWithoutDotfilesOrEscapingLinks) {
  make_listing_dir(site());
  Response r = get("/list/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Content-Length").value_or(""), std::to_string(r.body.size()));
  const std::string& b = r.body;
  EXPECT_EQ(b.find(kOddName), std::string::npos) << "raw markup in the listing";
  EXPECT_EQ(b.find("<b>"), std::string::npos) << "raw markup in the listing";
  const std::size_t odd = b.find("a&lt;b&gt;&amp;c.txt");
  EXPECT_NE(odd, std::string::npos) << b;
  EXPECT_EQ(b.find(".dotfile"), std::string::npos) << "dotfiles are hidden";
  EXPECT_EQ(b.find("outlink.txt"), std::string::npos) << "a link out of the root is listed";
  EXPECT_EQ(b.find("abslink.txt"), std::string::npos) << "an absolute link is listed";
  const std::size_t bee = b.find(">b.txt<");
  const std::size_t in = b.find(">inlink.txt<");
  const std::size_t zeta = b.find(">zeta.txt<");
  const std::size_t sub = b.find(">sub2/<");
  ASSERT_NE(bee, std::string::npos) << b;
  ASSERT_NE(in, std::string::npos) << "a link inside the root is listed\n" << b;
  ASSERT_NE(zeta, std::string::npos) << b;
  ASSERT_NE(sub, std::string::npos) << b;
  EXPECT_LT(odd, bee);
  EXPECT_LT(bee, in);
  EXPECT_LT(in, zeta);
  EXPECT_LT(sub, odd) << "folders first";
  // Links go through percent-encoding and then HTML escaping, never raw.
  EXPECT_NE(b.find("href=\"./a%3Cb%3E&amp;c.txt\""), std::string::npos) << b;
}

TEST_F(SemanticsListingHtml, ListedNamesCanBeFetched) {
  make_listing_dir(site());
  EXPECT_EQ(get("/list/a%3Cb%3E&c.txt").body, "odd\n");
  EXPECT_EQ(get("/list/inlink.txt").body, "bee!\n");
  Response out = get("/list/outlink.txt");
  EXPECT_EQ(out.status, 403);
  expect_no_secret(out);
}

TEST_F(SemanticsListingHtml, FormatJsonQuery) {
  make_listing_dir(site());
  expect_json_listing(get("/list/?format=json"));
}

TEST_F(SemanticsListingHtml, AcceptJson) {
  make_listing_dir(site());
  expect_json_listing(exchange(make_request("GET", "/list/", "Accept: application/json\r\n")));
}

TEST_F(SemanticsListingHtml, DirectoryWithIndexServesTheIndex) {
  Response r = get("/sub/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, site().content("/sub/index.html"));
}

TEST_F(SemanticsListingHtml, HeadOfAListingHasNoBody) {
  make_listing_dir(site());
  Connection c = connect();
  c.send(make_request("HEAD", "/list/") + make_request("GET", "/a.txt"));
  Response head = c.read_response(/*head_request=*/true);
  Response next = c.read_response();
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(next.body, site().content("/a.txt"));
}

class SemanticsListingJson : public ServerTest {
 protected:
  ConfigOptions config_options() const override {
    ConfigOptions o;
    o.extra = "autoindex: json\n";
    return o;
  }
};

TEST_F(SemanticsListingJson, PlainRequestGetsJson) {
  make_listing_dir(site());
  expect_json_listing(get("/list/"));
}

TEST_F(SemanticsListingJson, EmptyDirectoryIsAnEmptyArray) {
  fs::create_directories(site().root() / "empty");
  Response r = get("/empty/");
  EXPECT_EQ(r.status, 200);
  JsonReader reader(r.body);
  const auto entries = reader.array_of_objects();
  ASSERT_TRUE(entries.has_value()) << r.body;
  EXPECT_TRUE(entries->empty()) << r.body;
}

}  // namespace
}  // namespace portico::it
