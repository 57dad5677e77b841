// WindowsDocroot on a temporary folder: root/ with files and folders, and a secret outside it
// that no request may reach. Runs under Wine (ctest) or on Windows.
#include "server/windows/windows_docroot.hpp"

#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace portico::server {
namespace {

namespace fs = std::filesystem;
using http::FileStat;
using http::OpenError;

const std::string kAlphabet = "abcdefghijklmnopqrstuvwxyz";

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

class WindowsDocrootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    base_ =
        fs::temp_directory_path() / ("portico-docroot-" + std::to_string(GetCurrentProcessId()) +
                                     "-" + std::to_string(counter++));
    root_ = base_ / "root";
    fs::create_directories(root_ / "sub");
    fs::create_directories(root_ / "a");
    fs::create_directories(base_ / "outdir");
    write_file(root_ / "a.txt", kAlphabet);
    write_file(root_ / "sub" / "b.bin", std::string(1000, 'b'));
    write_file(root_ / "a" / "b", "a/b");
    write_file(base_ / "secret.txt", "SECRET");
    write_file(base_ / "outdir" / "inner.txt", "SECRET too");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  fs::path base_;
  fs::path root_;
};

std::string read_all(WindowsDocroot& docroot, const http::Opened& opened) {
  std::string data(static_cast<std::size_t>(opened.stat.size) + 16, '\0');
  const auto n = docroot.read(opened.file.native(), 0, data);
  if (n < 0) return "<read error>";
  data.resize(static_cast<std::size_t>(n));
  return data;
}

TEST_F(WindowsDocrootTest, OpensRegularFileWithStat) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto opened = docroot.open("/a.txt");
  ASSERT_EQ(opened.error, OpenError::none);
  ASSERT_TRUE(opened.file);
  EXPECT_EQ(opened.stat.kind, FileStat::Kind::regular);
  EXPECT_EQ(opened.stat.size, kAlphabet.size());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_NEAR(static_cast<double>(opened.stat.mtime_sec), static_cast<double>(now), 10.0);
  EXPECT_LT(opened.stat.mtime_nsec, 1'000'000'000u);
  EXPECT_EQ(read_all(docroot, opened), kAlphabet);

  const auto nested = docroot.open("/sub/b.bin");
  ASSERT_EQ(nested.error, OpenError::none);
  EXPECT_EQ(nested.stat.kind, FileStat::Kind::regular);
  EXPECT_EQ(nested.stat.size, 1000u);
}

TEST_F(WindowsDocrootTest, ReadsAtOffsets) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto opened = docroot.open("/a.txt");
  ASSERT_EQ(opened.error, OpenError::none);
  std::string buffer(5, '\0');
  EXPECT_EQ(docroot.read(opened.file.native(), 0, buffer), 5);
  EXPECT_EQ(buffer, "abcde");
  EXPECT_EQ(docroot.read(opened.file.native(), 10, buffer), 5);
  EXPECT_EQ(buffer, "klmno");
  // Spanning the end: the short count, and only those bytes change.
  buffer.assign(5, '.');
  EXPECT_EQ(docroot.read(opened.file.native(), 23, buffer), 3);
  EXPECT_EQ(buffer, "xyz..");
  EXPECT_EQ(docroot.read(opened.file.native(), 26, buffer), 0);
  EXPECT_EQ(docroot.read(opened.file.native(), 1000, buffer), 0);
  EXPECT_EQ(docroot.read(opened.file.native(), std::uint64_t{1} << 40, buffer), 0);
  // A large read in one call.
  const auto big = docroot.open("/sub/b.bin");
  ASSERT_EQ(big.error, OpenError::none);
  std::string all(4096, '\0');
  ASSERT_EQ(docroot.read(big.file.native(), 0, all), 1000);
  EXPECT_EQ(all.substr(0, 1000), std::string(1000, 'b'));
}

TEST_F(WindowsDocrootTest, OpensDirectories) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  for (const char* path : {"/", "/sub", "/sub/"}) {
    const auto opened = docroot.open(path);
    ASSERT_EQ(opened.error, OpenError::none) << path;
    EXPECT_TRUE(opened.file) << path;
    EXPECT_EQ(opened.stat.kind, FileStat::Kind::directory) << path;
  }
  // A file asked for as a folder is not there, as ENOTDIR on Linux.
  EXPECT_EQ(docroot.open("/a.txt/").error, OpenError::not_found);
  // Reading a folder is an error, not an empty file.
  std::string buffer(8, '\0');
  EXPECT_EQ(docroot.read(docroot.open("/sub").file.native(), 0, buffer), -1);
}

TEST_F(WindowsDocrootTest, MissingIsNotFound) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  for (const char* path : {"/missing.txt", "/missing/a.txt", "/a.txt/x", "/sub/none"}) {
    const auto opened = docroot.open(path);
    EXPECT_EQ(opened.error, OpenError::not_found) << path;
    EXPECT_FALSE(opened.file) << path;
  }
  EXPECT_EQ(docroot.open("/\xff\xfe.txt").error, OpenError::not_found);  // not UTF-8
}

TEST_F(WindowsDocrootTest, RefusesWindowsPathVectors) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  // a.txt and a\b exist: the first five would open them if the name reached CreateFileW.
  for (const char* path : {"/a.txt::$DATA", "/a.txt.", "/a.txt ", "/a\\b", "/a.txt:x", "/con",
                           "/CON.txt", "/nul.tar.gz", "/Com1 .log", "//server/share", "/C:/x"}) {
    const auto opened = docroot.open(path);
    EXPECT_EQ(opened.error, OpenError::not_found) << path;
    EXPECT_FALSE(opened.file) << path;
  }
  // The control: the file behind the first five does exist.
  EXPECT_EQ(docroot.open("/a/b").error, OpenError::none);
  EXPECT_EQ(docroot.open("/a.txt").error, OpenError::none);
}

TEST_F(WindowsDocrootTest, CaseInsensitiveNameIsAccepted) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  for (const char* path : {"/A.TXT", "/SUB/B.bin", "/Sub/"}) {
    const auto opened = docroot.open(path);
    ASSERT_EQ(opened.error, OpenError::none) << path;
  }
  EXPECT_EQ(read_all(docroot, docroot.open("/A.TXT")), kAlphabet);
}

TEST_F(WindowsDocrootTest, ListsFolder) {
  // Names windows_path_status refuses can be made only through "\\?\" (no name rewriting).
  // Whichever this file system accepts must be absent from the listing.
  const std::wstring long_root = L"\\\\?\\" + fs::absolute(root_).wstring();
  std::vector<std::wstring> odd_made;
  for (const wchar_t* name : {L"dot.", L"space ", L"con.txt", L"nul"}) {
    HANDLE h = CreateFileW((long_root + L"\\" + name).c_str(), GENERIC_WRITE, 0, nullptr,
                           CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) continue;
    CloseHandle(h);
    WIN32_FIND_DATAW data{};
    HANDLE find = FindFirstFileW((long_root + L"\\" + name).c_str(), &data);
    if (find == INVALID_HANDLE_VALUE) continue;
    FindClose(find);
    if (std::wstring_view(data.cFileName) == name) odd_made.push_back(name);
  }
  std::printf("[ info     ] odd names created on this file system: %zu of 4\n", odd_made.size());

  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto listing = docroot.list("/");
  ASSERT_EQ(listing.error, OpenError::none);
  std::vector<std::string> names;
  for (const auto& entry : listing.entries) {
    names.push_back(entry.name);
    if (entry.name == "a.txt") {
      EXPECT_EQ(entry.stat.kind, FileStat::Kind::regular);
      EXPECT_EQ(entry.stat.size, kAlphabet.size());
      EXPECT_EQ(entry.stat.mtime_sec, docroot.open("/a.txt").stat.mtime_sec);
    } else if (entry.name == "sub" || entry.name == "a") {
      EXPECT_EQ(entry.stat.kind, FileStat::Kind::directory);
    }
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "a.txt", "sub"}));

  const auto sub = docroot.list("/sub/");
  ASSERT_EQ(sub.error, OpenError::none);
  ASSERT_EQ(sub.entries.size(), 1u);
  EXPECT_EQ(sub.entries[0].name, "b.bin");
  EXPECT_EQ(sub.entries[0].stat.size, 1000u);

  EXPECT_EQ(docroot.list("/a.txt").error, OpenError::not_found);
  EXPECT_EQ(docroot.list("/missing").error, OpenError::not_found);
  EXPECT_EQ(docroot.list("/con").error, OpenError::not_found);
  for (const auto& name : odd_made) DeleteFileW((long_root + L"\\" + name).c_str());
}

TEST_F(WindowsDocrootTest, ReadOnPortAssociatedHandleQueuesNoPacket) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto opened = docroot.open("/a.txt");
  ASSERT_EQ(opened.error, OpenError::none);
  const auto handle = reinterpret_cast<HANDLE>(opened.file.native());
  HANDLE port = CreateIoCompletionPort(handle, nullptr, 7, 1);
  ASSERT_NE(port, nullptr) << GetLastError();

  std::string buffer(kAlphabet.size(), '\0');
  EXPECT_EQ(docroot.read(opened.file.native(), 0, buffer), 26);
  EXPECT_EQ(buffer, kAlphabet);
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  OVERLAPPED* done = nullptr;
  EXPECT_FALSE(GetQueuedCompletionStatus(port, &bytes, &key, &done, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_EQ(done, nullptr);

  // The control: an ordinary overlapped read on the same handle does reach the port.
  OVERLAPPED plain{};
  char byte = 0;
  if (!ReadFile(handle, &byte, 1, nullptr, &plain)) {
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
  }
  ASSERT_TRUE(GetQueuedCompletionStatus(port, &bytes, &key, &done, 5000)) << GetLastError();
  EXPECT_EQ(done, &plain);
  EXPECT_EQ(key, 7u);
  EXPECT_EQ(byte, 'a');
  CloseHandle(port);
}

bool make_link(const fs::path& link, const fs::path& target, bool directory) {
  DWORD flags = SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE;
  if (directory) flags |= SYMBOLIC_LINK_FLAG_DIRECTORY;
  return CreateSymbolicLinkW(link.c_str(), target.c_str(), flags) != 0;
}

TEST_F(WindowsDocrootTest, SymlinksLeavingTheRootAreRefused) {
  if (!make_link(root_ / "out.txt", fs::absolute(base_ / "secret.txt"), false)) {
    GTEST_SKIP() << "CreateSymbolicLinkW failed (error " << GetLastError()
                 << "): this system cannot make symlinks";
  }
  ASSERT_TRUE(make_link(root_ / "outdir", fs::absolute(base_ / "outdir"), true));
  ASSERT_TRUE(make_link(root_ / "in.txt", fs::absolute(root_ / "a.txt"), false));
  ASSERT_TRUE(make_link(root_ / "in~link.txt", fs::absolute(root_ / "a.txt"), false));
  // The links really lead where they say: through the file system, the secret is there.
  {
    std::ifstream in(root_ / "out.txt", std::ios::binary);
    std::string through((std::istreambuf_iterator<char>(in)), {});
    ASSERT_EQ(through, "SECRET");
  }

  WindowsDocroot on(root_, config::Symlinks::on);
  for (const char* path : {"/out.txt", "/outdir/inner.txt", "/outdir", "/OUT.TXT"}) {
    const auto opened = on.open(path);
    EXPECT_NE(opened.error, OpenError::none) << path;
    EXPECT_FALSE(opened.file) << path;
  }
  EXPECT_NE(on.list("/outdir").error, OpenError::none);
  // A link staying beneath the root is followed, unless its name has a '~' (a short name
  // cannot be told from it by the final path).
  const auto inside = on.open("/in.txt");
  ASSERT_EQ(inside.error, OpenError::none);
  EXPECT_EQ(read_all(on, inside), kAlphabet);
  EXPECT_EQ(on.open("/in~link.txt").error, OpenError::not_found);

  std::vector<std::string> names;
  for (const auto& entry : on.list("/").entries) {
    names.push_back(entry.name);
    if (entry.name == "in.txt") {
      EXPECT_EQ(entry.stat.size, kAlphabet.size());
    }
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "a.txt", "in.txt", "sub"}));

  WindowsDocroot off(root_, config::Symlinks::off);
  for (const char* path : {"/out.txt", "/in.txt", "/outdir"}) {
    const auto opened = off.open(path);
    EXPECT_EQ(opened.error, OpenError::forbidden) << path;
    EXPECT_FALSE(opened.file) << path;
  }
  EXPECT_EQ(off.open("/outdir/inner.txt").error, OpenError::not_found);
  EXPECT_EQ(off.open("/a.txt").error, OpenError::none);
  names.clear();
  for (const auto& entry : off.list("/").entries) names.push_back(entry.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "a.txt", "sub"}));
}

TEST_F(WindowsDocrootTest, ConstructorThrowsOnMissingRoot) {
  const fs::path missing = root_ / "missing";
  try {
    WindowsDocroot docroot(missing, config::Symlinks::on);
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("CreateFileW(" + missing.string() + ")"), std::string::npos) << what;
    EXPECT_EQ(e.code().category(), std::system_category());
    EXPECT_TRUE(e.code().value() == ERROR_FILE_NOT_FOUND ||
                e.code().value() == ERROR_PATH_NOT_FOUND)
        << e.code().value();
  }
  // A file is not a root either.
  EXPECT_THROW(WindowsDocroot(root_ / "a.txt", config::Symlinks::on), std::system_error);
}

}  // namespace
}  // namespace portico::server
