// WindowsDocroot on a temporary folder: root/ with files and folders, and secrets beside it that
// no request may reach. Runs under Wine (ctest) or on Windows.
#include "server/windows/windows_docroot.hpp"

#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

namespace portico::server {
namespace {

namespace fs = std::filesystem;
using http::OpenError;
using Kind = http::FileStat::Kind;
using Names = std::vector<std::string>;

const std::string kAlphabet = "abcdefghijklmnopqrstuvwxyz";

// Under Wine, runs the Unix program /bin/`command` on `paths` turned into Unix names, and waits
// until `done()` (Wine gives a Unix child no handle to wait on). False on Windows.
template <typename Done>
bool run_unix(std::wstring command, const std::vector<fs::path>& paths, Done done) {
  const auto unix_name =
      reinterpret_cast<char*(__cdecl*)(const wchar_t*)>(reinterpret_cast<void (*)()>(
          GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name")));
  if (unix_name == nullptr) return false;
  for (const auto& path : paths) {
    char* name = unix_name(fs::absolute(path).c_str());
    command += L" \"" + fs::path(name != nullptr ? name : "/nonexistent").wstring() + L"\"";
    HeapFree(GetProcessHeap(), 0, name);
  }
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION child{};  // stays null for a Unix child: nothing to close
  command.insert(0, L"Z:\\bin\\");
  if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr,
                      &startup, &child)) {
    return false;
  }
  for (int i = 0; i < 500 && !done(); ++i) Sleep(10);
  return done();
}

class WindowsDocrootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    const auto unique = std::to_string(GetCurrentProcessId()) + "-" + std::to_string(counter++);
    base_ = fs::temp_directory_path() / ("portico-docroot-" + unique);
    root_ = base_ / "root";
    for (const auto& dir : {root_ / "sub", root_ / "a", base_ / "outdir"}) create_directories(dir);
    std::ofstream(root_ / "a.txt", std::ios::binary) << kAlphabet;
    std::ofstream(root_ / "sub" / "b.bin", std::ios::binary) << std::string(1000, 'b');
    std::ofstream(root_ / "a" / "b", std::ios::binary) << "a/b";
    std::ofstream(base_ / "secret.txt", std::ios::binary) << "SECRET";
    std::ofstream(base_ / "outdir" / "inner.txt", std::ios::binary) << "SECRET too";
  }
  void TearDown() override {
    // Links go first, as links: remove_all would follow them (and hangs on Unix ones in Wine).
    const auto gone = [&] { return std::none_of(links_.begin(), links_.end(), present); };
    if (unix_links_) run_unix(L"rm -f", links_, gone);
    for (const auto& link : links_) {
      if (!unix_links_ && !DeleteFileW(link.c_str())) RemoveDirectoryW(link.c_str());
    }
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  // Makes root_/name a symbolic link to `target`. Wine 8.0's CreateSymbolicLinkW is a stub
  // (TRUE, nothing made) and Wine has no reparse points (FSCTL_SET_REPARSE_POINT:
  // ERROR_NOT_SUPPORTED), but it follows Unix symlinks and gives their targets as final paths:
  // there the link is made by /bin/ln, which Wine can start. False when neither way works.
  bool make_link(const std::string& name, const fs::path& target) {
    const fs::path link = root_ / name;
    const DWORD flags = SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE |
                        (fs::is_directory(target) ? SYMBOLIC_LINK_FLAG_DIRECTORY : 0);
    if (!CreateSymbolicLinkW(link.c_str(), target.c_str(), flags) || !present(link)) {
      if (!run_unix(L"ln -s", {target, link}, [&] { return present(link); })) return false;
      unix_links_ = true;
    }
    links_.push_back(link);
    return true;
  }

  static bool present(const fs::path& path) {
    return GetFileAttributesW(path.c_str()) != INVALID_FILE_ATTRIBUTES;
  }

  fs::path base_;
  fs::path root_;
  std::vector<fs::path> links_;
  bool unix_links_ = false;  // made by /bin/ln under Wine
};

std::string read_all(WindowsDocroot& docroot, const http::Opened& opened) {
  std::string data(static_cast<std::size_t>(opened.stat.size) + 16, '\0');
  const auto n = docroot.read(opened.file.native(), 0, data);
  return n < 0 ? "<read error>" : data.substr(0, static_cast<std::size_t>(n));
}

// Lists `path` (ending in '/'): the names must be `expected` plus those of `links` that
// FindFirstFileW does not mark FILE_ATTRIBUTE_REPARSE_POINT (Windows marks every link, and list()
// checks those through open(); Wine shows a Unix file symlink as a plain file, and list() takes
// it for one). Each entry's stat must be what open() of it gives (for a link, its target's).
void expect_listing(WindowsDocroot& docroot, const fs::path& folder, const std::string& path,
                    Names expected, const Names& links = {}) {
  for (const auto& name : links) {
    WIN32_FIND_DATAW data{};
    HANDLE find = FindFirstFileW((folder / name).c_str(), &data);
    if (find != INVALID_HANDLE_VALUE && FindClose(find) &&
        (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0) {
      expected.push_back(name);
    }
  }
  const auto listing = docroot.list(path);
  ASSERT_EQ(listing.error, OpenError::none) << path;
  Names names;
  const auto tie = [](const http::FileStat& s) {
    return std::tie(s.kind, s.size, s.mtime_sec, s.mtime_nsec);
  };
  for (const auto& entry : listing.entries) {
    names.push_back(entry.name);
    const auto opened = docroot.open(path + entry.name);
    if (opened.error != OpenError::none) continue;  // Wine only: a link shown as a plain file
    EXPECT_EQ(tie(entry.stat), tie(opened.stat)) << entry.name;
  }
  std::sort(names.begin(), names.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names, expected) << path;
}

// Opens `path`, checks the error (and the kind when it opened), returns what it got.
http::Opened expect_open(WindowsDocroot& docroot, const char* path, OpenError error,
                         Kind kind = Kind::other) {
  auto opened = docroot.open(path);
  EXPECT_EQ(opened.error, error) << path;
  EXPECT_EQ(static_cast<bool>(opened.file), error == OpenError::none) << path;
  EXPECT_TRUE(error != OpenError::none || opened.stat.kind == kind) << path;
  return opened;
}

TEST_F(WindowsDocrootTest, OpensAndReadsRegularFile) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto opened = expect_open(docroot, "/a.txt", OpenError::none, Kind::regular);
  EXPECT_EQ(opened.stat.size, kAlphabet.size());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  EXPECT_NEAR(static_cast<double>(opened.stat.mtime_sec), static_cast<double>(now.count()), 10);
  EXPECT_LT(opened.stat.mtime_nsec, 1'000'000'000u);
  EXPECT_EQ(read_all(docroot, opened), kAlphabet);
  const auto& file = opened.file;  // reads at offsets
  std::string buffer(5, '\0');
  EXPECT_EQ(docroot.read(file.native(), 0, buffer), 5);
  EXPECT_EQ(buffer, "abcde");
  EXPECT_EQ(docroot.read(file.native(), 10, buffer), 5);
  EXPECT_EQ(buffer, "klmno");
  buffer.assign(5, '.');  // spanning the end: the short count, and only those bytes written
  EXPECT_EQ(docroot.read(file.native(), 23, buffer), 3);
  EXPECT_EQ(buffer, "xyz..");
  for (const std::uint64_t past : {26ULL, 1000ULL, 1ULL << 40}) {
    EXPECT_EQ(docroot.read(file.native(), past, buffer), 0) << past;
  }
  const auto bin = expect_open(docroot, "/sub/b.bin", OpenError::none, Kind::regular);
  EXPECT_EQ(read_all(docroot, bin), std::string(1000, 'b'));
}

TEST_F(WindowsDocrootTest, OpensDirectoriesAndCaseInsensitiveNames) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  for (const char* path : {"/", "/sub", "/sub/"}) {
    expect_open(docroot, path, OpenError::none, Kind::directory);
  }
  expect_open(docroot, "/a.txt/", OpenError::not_found);  // as ENOTDIR on Linux
  std::string buffer(8, '\0');  // a folder reads as an error, not as an empty file
  EXPECT_EQ(docroot.read(docroot.open("/sub").file.native(), 0, buffer), -1);
  // Case-insensitive names are accepted, as final_path_matches documents.
  expect_open(docroot, "/SUB/B.bin", OpenError::none, Kind::regular);
  expect_open(docroot, "/Sub/", OpenError::none, Kind::directory);
  EXPECT_EQ(read_all(docroot, expect_open(docroot, "/A.TXT", OpenError::none, Kind::regular)),
            kAlphabet);
}

TEST_F(WindowsDocrootTest, MissingAndWindowsPathVectorsAreNotFound) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  for (const char* path : {"/missing.txt", "/missing/a.txt", "/a.txt/x", "/\xff\xfe.txt"}) {
    expect_open(docroot, path, OpenError::not_found);
  }
  // The controls: a.txt and a\b exist, and the first five vectors name them to CreateFileW.
  expect_open(docroot, "/a/b", OpenError::none, Kind::regular);
  expect_open(docroot, "/a.txt", OpenError::none, Kind::regular);
  for (const char* path : {"/a.txt::$DATA", "/a.txt.", "/a.txt ", "/a\\b", "/a.txt:x", "/con",
                           "/CON.txt", "/nul.tar.gz", "/Com1 .log", "//server/share", "/C:/x"}) {
    expect_open(docroot, path, OpenError::not_found);
  }
}

TEST_F(WindowsDocrootTest, ListsFolder) {
  // Names windows_path_status refuses can be made through "\\?\" (no name rewriting); they must
  // be absent from the listing.
  const std::wstring long_root = L"\\\\?\\" + fs::absolute(root_).wstring() + L"\\";
  const wchar_t* const odd_names[] = {L"dot.", L"space ", L"con.txt", L"nul"};
  int made = 0;
  for (const wchar_t* name : odd_names) {
    HANDLE h = CreateFileW((long_root + name).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
    made += h != INVALID_HANDLE_VALUE && CloseHandle(h) ? 1 : 0;
  }
  EXPECT_EQ(made, 4);  // NTFS and Wine 8.0 take them all

  WindowsDocroot docroot(root_, config::Symlinks::on);
  expect_listing(docroot, root_, "/", {"a", "a.txt", "sub"});
  expect_listing(docroot, root_ / "sub", "/sub/", {"b.bin"});
  for (const char* path : {"/a.txt", "/missing", "/con", "/sub."}) {
    EXPECT_EQ(docroot.list(path).error, OpenError::not_found) << path;
  }
  for (const wchar_t* name : odd_names) DeleteFileW((long_root + name).c_str());
}

TEST_F(WindowsDocrootTest, ReadOnPortAssociatedHandleQueuesNoPacket) {
  WindowsDocroot docroot(root_, config::Symlinks::on);
  const auto file = docroot.open("/a.txt").file;
  ASSERT_TRUE(file);
  const auto handle = reinterpret_cast<HANDLE>(file.native());
  HANDLE port = CreateIoCompletionPort(handle, nullptr, 7, 1);
  ASSERT_NE(port, nullptr) << GetLastError();
  std::string buffer(kAlphabet.size(), '\0');
  EXPECT_EQ(docroot.read(file.native(), 0, buffer), 26);
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
  const bool started =
      ReadFile(handle, &byte, 1, nullptr, &plain) || GetLastError() == ERROR_IO_PENDING;
  EXPECT_TRUE(started && GetQueuedCompletionStatus(port, &bytes, &key, &done, 5000));
  EXPECT_EQ(done, &plain);
  EXPECT_EQ(key, 7u);
  EXPECT_EQ(byte, 'a');
  CloseHandle(port);
}

TEST_F(WindowsDocrootTest, SymlinksLeavingTheRootAreRefused) {
  if (!make_link("out.txt", base_ / "secret.txt")) {
    GTEST_SKIP() << "neither CreateSymbolicLinkW nor (under Wine) /bin/ln made a symlink";
  }
  ASSERT_TRUE(make_link("outdir", base_ / "outdir"));
  ASSERT_TRUE(make_link("in.txt", root_ / "a.txt"));
  ASSERT_TRUE(make_link("in~link.txt", root_ / "a.txt"));
  std::ifstream through(root_ / "out.txt", std::ios::binary);  // the link does lead there
  ASSERT_EQ(std::string(std::istreambuf_iterator<char>(through), {}), "SECRET");

  WindowsDocroot on(root_, config::Symlinks::on);
  for (const char* path : {"/out.txt", "/OUT.TXT", "/outdir", "/outdir/", "/outdir/inner.txt"}) {
    expect_open(on, path, OpenError::not_found);
  }
  EXPECT_EQ(on.list("/outdir").error, OpenError::not_found);
  // A link staying beneath the root is followed, unless its name has a '~' (an 8.3 short name
  // cannot be told from such a link by the final path).
  EXPECT_EQ(read_all(on, expect_open(on, "/in.txt", OpenError::none, Kind::regular)), kAlphabet);
  expect_open(on, "/in~link.txt", OpenError::not_found);
  expect_listing(on, root_, "/", {"a", "a.txt", "in.txt", "sub"}, {"out.txt", "in~link.txt"});

  // Off: refused as a reparse point, or by the final path under Wine (no reparse points).
  WindowsDocroot off(root_, config::Symlinks::off);
  for (const char* path : {"/out.txt", "/in.txt", "/outdir"}) {
    expect_open(off, path, unix_links_ ? OpenError::not_found : OpenError::forbidden);
  }
  expect_open(off, "/outdir/inner.txt", OpenError::not_found);  // the link is not the last part
  expect_open(off, "/a.txt", OpenError::none, Kind::regular);
  expect_listing(off, root_, "/", {"a", "a.txt", "sub"}, {"out.txt", "in.txt", "in~link.txt"});
}

TEST_F(WindowsDocrootTest, ConstructorThrowsOnMissingRoot) {
  const fs::path missing = root_ / "missing";
  try {
    WindowsDocroot docroot(missing, config::Symlinks::on);
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("CreateFileW(" + missing.string() + "): "))
        << e.what();
    EXPECT_EQ(e.code(), std::error_code(ERROR_FILE_NOT_FOUND, std::system_category()));
  }
  EXPECT_THROW(WindowsDocroot(root_ / "a.txt", config::Symlinks::on), std::system_error);
}

}  // namespace
}  // namespace portico::server
