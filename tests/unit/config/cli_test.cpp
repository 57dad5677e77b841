#include "config/cli.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "config/quote.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace portico::config {
namespace {

// "portico N.N.N\n" (std::regex trips GCC 12's -Wmaybe-uninitialized in sanitizer builds).
bool is_version_line(std::string_view text) {
  if (!text.starts_with("portico ") || !text.ends_with('\n')) return false;
  text = text.substr(8, text.size() - 9);
  int parts = 0;
  while (true) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return false;
    ++parts;
    text.remove_prefix(digits);
    if (text.empty()) return parts == 3;
    if (text.front() != '.') return false;
    text.remove_prefix(1);
  }
}

using test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Args = std::vector<std::string>;

CliOptions parsed(const Args& args) {
  auto result = parse_cli(args);
  EXPECT_EQ(result.usage_error, "") << ::testing::PrintToString(args);
  return result.options;
}

TEST(ParseCli, NoArgumentsMeansNoOverrides) {
  const auto options = parsed({});
  EXPECT_FALSE(options.config_file || options.root || options.listen || options.threads);
  EXPECT_FALSE(options.check || options.version || options.help);
}

TEST(ParseCli, ValuesBySpaceOrEquals) {
  for (const Args& args : {
           Args{"--config", "a.yaml", "--root", "/srv", "--listen", ":80", "--threads", "4"},
           Args{"--config=a.yaml", "--root=/srv", "--listen=:80", "--threads=4"},
       }) {
    const auto options = parsed(args);
    EXPECT_EQ(options.config_file, std::filesystem::path("a.yaml"));
    EXPECT_EQ(options.root, std::filesystem::path("/srv"));
    EXPECT_EQ(options.listen, ":80");
    EXPECT_EQ(options.threads, 4u);
  }
}

TEST(ParseCli, BooleanFlags) {
  EXPECT_TRUE(parsed({"--check"}).check);
  EXPECT_TRUE(parsed({"--version"}).version);
  EXPECT_TRUE(parsed({"--help"}).help);
  EXPECT_TRUE(parsed({"-h"}).help);
  const auto all = parsed({"--check", "--root", "x", "--version"});
  EXPECT_TRUE(all.check && all.version && !all.help);
}

TEST(ParseCli, EdgeValues) {
  EXPECT_EQ(parsed({"--root=a=b"}).root, std::filesystem::path("a=b"));
  EXPECT_EQ(parsed({"--root=--odd"}).root, std::filesystem::path("--odd"));
  EXPECT_EQ(parsed({"--root", "-dash"}).root, std::filesystem::path("-dash"));
  EXPECT_EQ(parsed({"--threads", "0"}).threads, 0u);
  EXPECT_EQ(parsed({"--threads=1024"}).threads, 1024u);
  // --listen is checked later, by resolve(), with the file's errors.
  EXPECT_EQ(parsed({"--listen", "garbage"}).listen, "garbage");
  EXPECT_EQ(parsed({"--threads", "1", "--threads", "2"}).threads, 2u);
}

TEST(ParseCli, UsageErrors) {
  const struct {
    Args args;
    const char* error;
  } cases[] = {
      {{"--bogus"}, "unknown option \"--bogus\""},
      {{"--bogus=1"}, "unknown option \"--bogus\""},
      {{"-x"}, "unknown option \"-x\""},
      {{"--CHECK"}, "unknown option \"--CHECK\""},
      {{"stray"}, "unexpected argument \"stray\""},
      {{"--check", "www"}, "unexpected argument \"www\""},
      {{"--root"}, "--root needs a value"},
      {{"--root", "--check"}, "--root needs a value"},
      {{"--config"}, "--config needs a value"},
      {{"--root="}, "--root needs a non-empty value"},
      {{"--config", ""}, "--config needs a non-empty value"},
      {{"--check=yes"}, "--check takes no value"},
      {{"--help=1"}, "--help takes no value"},
      {{"--threads", "x"}, "--threads: bad value \"x\" (expected a whole number from 0 to 1024)"},
      {{"--threads=-1"}, "--threads: bad value \"-1\""},
      {{"--threads", "1025"}, "--threads: bad value \"1025\""},
      {{"--threads", "99999999999999999999"}, "--threads: bad value"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(parse_cli(c.args).usage_error, StartsWith(c.error))
        << ::testing::PrintToString(c.args);
  }
}

TEST(CliText, UsageListsEveryFlag) {
  const auto usage = usage_text();
  const auto default_file = default_config_file().string();
  for (const std::string& text :
       {std::string("--config FILE"), std::string("--root DIR"), std::string("--listen ADDR"),
        std::string("--threads N"), std::string("--check"), std::string("--version"),
        std::string("--help"), default_file}) {
    EXPECT_THAT(usage, HasSubstr(text));
  }
  EXPECT_EQ(usage.back(), '\n');
}

TEST(CliText, VersionNamesTheProgramAndItsVersion) {
  EXPECT_TRUE(is_version_line(version_text())) << version_text();
}

TEST(CliText, DefaultConfigFileComesFromTheBuild) {
  EXPECT_TRUE(default_config_file().is_absolute()) << default_config_file();
  EXPECT_EQ(default_config_file().filename(), "portico.yaml");
}

// A folder standing for the working directory, holding a "default" config file.
class Resolve : public ::testing::Test {
 protected:
  Loaded run(const Args& args) {
    const auto cli = parse_cli(args);
    EXPECT_EQ(cli.usage_error, "");
    return resolve(cli.options, cwd(), default_file_);
  }
  std::filesystem::path cwd() const { return dir_.path() / "work"; }

  TempDir dir_;
  std::filesystem::path default_file_ = dir_.write(
      "etc/portico.yaml", "listen: 127.0.0.1:9000\nroot: site\nthreads: 3\ndotfiles: allow\n");
};

TEST_F(Resolve, DefaultFileOverBuiltIns) {
  const auto loaded = run({});
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.listen, (ListenAddress{"127.0.0.1", 9000}));
  EXPECT_EQ(loaded.config.root, dir_.path() / "etc/site");
  EXPECT_EQ(loaded.config.threads, 3u);
  EXPECT_EQ(loaded.config.dotfiles, Dotfiles::allow);
  EXPECT_EQ(loaded.config.index, Config{}.index);  // not in the file: built-in
}

TEST_F(Resolve, CliOverFile) {
  const auto loaded = run({"--listen", "[::1]:7000", "--threads=5", "--root", "../pub/"});
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.listen, (ListenAddress{"::1", 7000}));
  EXPECT_EQ(loaded.config.threads, 5u);
  EXPECT_EQ(loaded.config.root, dir_.path() / "pub");  // relative to cwd, not to the file
  EXPECT_EQ(loaded.config.dotfiles, Dotfiles::allow);  // untouched by the CLI: from the file
}

TEST_F(Resolve, ConfigFlagReplacesTheDefaultFile) {
  dir_.write("work/mine.yaml", "listen: :8181\n");
  const auto loaded = run({"--config", "mine.yaml"});  // relative to cwd
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.listen, (ListenAddress{"", 8181}));
  // Nothing leaks from the default file: omitted keys take the built-in defaults.
  EXPECT_EQ(loaded.config.threads, 0u);
  EXPECT_EQ(loaded.config.dotfiles, Dotfiles::deny);
  EXPECT_EQ(loaded.config.root, cwd() / "www");
}

TEST_F(Resolve, MissingConfigFlagFileIsAnError) {
  const auto loaded = run({"--config", "nope.yaml", "--threads", "2"});
  EXPECT_THAT(loaded.errors, ElementsAre((cwd() / "nope.yaml").string() +
                                         ": cannot read config file: No such file or directory"));
}

TEST_F(Resolve, MissingDefaultFileMeansBuiltInsSilently) {
  std::filesystem::remove(default_file_);
  const auto loaded = run({});
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.listen, Config{}.listen);
  EXPECT_EQ(loaded.config.threads, 0u);
  // The built-in relative root is anchored to the working directory.
  EXPECT_EQ(loaded.config.root, cwd() / "www");
}

TEST_F(Resolve, CliStillAppliesOverBuiltIns) {
  std::filesystem::remove(default_file_);
  const auto loaded = run({"--root", "/srv/www", "--listen", "localhost:81"});
  ASSERT_THAT(loaded.errors, IsEmpty());
  // On Windows "/srv/www" is on the working directory's drive; root_name() is empty on Linux.
  EXPECT_EQ(loaded.config.root, cwd().root_name() / "/srv/www");
  EXPECT_EQ(loaded.config.listen, (ListenAddress{"127.0.0.1", 81}));
}

TEST_F(Resolve, BadListenFlagIsReportedWithTheFilesErrors) {
  dir_.write("work/bad.yaml", "threads: lots\n");
  const auto loaded = run({"--config=bad.yaml", "--listen", "8080"});
  EXPECT_THAT(loaded.errors,
              ElementsAre(StartsWith((cwd() / "bad.yaml").string() + ":1:10: threads: bad value"),
                          StartsWith("--listen: bad address \"8080\" (expected")));
  EXPECT_EQ(loaded.config.listen, Config{}.listen);
}

TEST_F(Resolve, AbsoluteConfigPathIgnoresCwd) {
  const auto file = dir_.write("elsewhere/p.yaml", "root: html\n");
  const auto loaded = run({"--config", file.string()});
  ASSERT_THAT(loaded.errors, IsEmpty());
  EXPECT_EQ(loaded.config.root, dir_.path() / "elsewhere/html");
}

TEST(ResolveBuildDefault, TwoArgumentFormReadsTheBuildsDefaultFile) {
  const CliOptions none;
  const auto loaded = resolve(none, "/nonexistent/cwd");
  const auto expected = resolve(none, "/nonexistent/cwd", default_config_file());
  EXPECT_THAT(loaded.errors, IsEmpty());  // the shipped file is valid, or absent
  EXPECT_EQ(loaded.config.root, expected.config.root);
  EXPECT_EQ(loaded.config.listen, expected.config.listen);
}

TEST(CheckRoot, AcceptsAReadableFolder) {
  const TempDir dir;
  Config config;
  config.root = dir.path();
  EXPECT_THAT(check_root(config), IsEmpty());
}

TEST(CheckRoot, MissingFolder) {
  const TempDir dir;
  Config config;
  config.root = dir.path() / "absent";
  EXPECT_THAT(check_root(config),
              ElementsAre("root " + quote(config.root.string()) + ": No such file or directory"));
}

TEST(CheckRoot, FileInsteadOfFolder) {
  const TempDir dir;
  Config config;
  config.root = dir.write("file.txt", "x");
  EXPECT_THAT(check_root(config),
              ElementsAre("root " + quote(config.root.string()) + ": not a directory"));
}

TEST(CheckRoot, UnsearchableFolder) {
  namespace fs = std::filesystem;
  const TempDir dir;
  Config config;
  config.root = dir.path() / "locked";
  fs::create_directory(config.root);
  fs::permissions(config.root, fs::perms::none);  // chmod 0
  std::error_code listed;  // set when mode 0 locks the folder for this process
  const fs::directory_iterator probe(config.root, listed);
  const auto errors = check_root(config);
  fs::permissions(config.root, fs::perms::owner_all);  // so that TempDir can remove it
  if (!listed) {
    GTEST_SKIP() << "mode 0 does not lock the folder here: root may enter any folder, and on "
                    "Windows permission bits only set the read-only attribute";
  }
  EXPECT_THAT(errors, ElementsAre("root " + quote(config.root.string()) +
                                  ": cannot list or read it: Permission denied"));
}

}  // namespace
}  // namespace portico::config
