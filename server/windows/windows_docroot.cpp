#include "server/windows/windows_docroot.hpp"

#include <windows.h>

#include <algorithm>
#include <string>

#include "http/windows_path.hpp"

namespace portico::server {
namespace {

using Kind = http::FileStat::Kind;

http::OpenError classify(DWORD error) {
  switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_FILENAME_EXCED_RANGE:
    case ERROR_DIRECTORY:
      return http::OpenError::not_found;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_CANT_ACCESS_FILE:       // a reparse point of a kind Windows cannot follow
    case ERROR_CANT_RESOLVE_FILENAME:  // a link loop
      return http::OpenError::forbidden;
    case ERROR_TOO_MANY_OPEN_FILES:
      return http::OpenError::too_many_files;
    default:
      return http::OpenError::failed;
  }
}

// Empty when `text` is not valid UTF-8 (MB_ERR_INVALID_CHARS) or is empty.
std::wstring to_wide(std::string_view text) {
  if (text.empty()) return {};
  const int size = static_cast<int>(text.size());
  const int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text.data(), size, nullptr, 0);
  if (n <= 0) return {};
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text.data(), size, out.data(), n);
  return out;
}

// Empty when `text` holds an unpaired surrogate (a name no UTF-8 URL can spell).
std::string to_utf8(std::wstring_view text) {
  if (text.empty()) return {};
  const int size = static_cast<int>(text.size());
  const int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text.data(), size, nullptr, 0,
                                    nullptr, nullptr);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text.data(), size, out.data(), n, nullptr,
                      nullptr);
  return out;
}

// Empty on failure. The answer carries the "\\?\" prefix, so it is also a long-path base.
std::wstring final_path_of(HANDLE handle) {
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetFinalPathNameByHandleW(handle, buffer.data(),
                                              static_cast<DWORD>(buffer.size()), VOLUME_NAME_DOS);
    if (n < buffer.size()) {  // 0: failure; else success, n excluding the terminator
      buffer.resize(n);
      return buffer;
    }
    buffer.resize(n + 1);  // too small: n is the size needed
  }
}

// True when `path` names something strictly beneath `root` (both GetFinalPathNameByHandleW
// answers, so they are spelled alike).
bool is_beneath(std::wstring_view root, std::wstring_view path) {
  while (root.ends_with(L'\\')) root.remove_suffix(1);
  if (path.size() <= root.size() + 1 || path[root.size()] != L'\\') return false;
  const auto upper = [](wchar_t c) { return (c >= L'a' && c <= L'z') ? c - L'a' + L'A' : c; };
  return std::equal(root.begin(), root.end(), path.begin(),
                    [&](wchar_t a, wchar_t b) { return upper(a) == upper(b); });
}

// FILETIME counts 100 ns since 1601-01-01; the Unix epoch is 11644473600 s later.
void set_size_time(http::FileStat& stat, DWORD high, DWORD low, const FILETIME& time) {
  stat.size = (std::uint64_t{high} << 32) | low;
  constexpr std::int64_t kTicks = 10'000'000;
  const std::int64_t ticks =
      static_cast<std::int64_t>((std::uint64_t{time.dwHighDateTime} << 32) | time.dwLowDateTime) -
      11'644'473'600LL * kTicks;
  stat.mtime_sec = ticks / kTicks - (ticks % kTicks < 0 ? 1 : 0);  // floor: before 1970 too
  stat.mtime_nsec = static_cast<std::uint32_t>((ticks - stat.mtime_sec * kTicks) * 100);
}

// A manual-reset event per thread for read(): created once, closed when the thread ends.
struct ReadEvent {
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ~ReadEvent() {
    if (event != nullptr) CloseHandle(event);
  }
};

}  // namespace

WindowsDocroot::WindowsDocroot(const std::filesystem::path& root, config::Symlinks symlinks)
    : follow_links_(symlinks == config::Symlinks::on) {
  // Without FILE_SHARE_DELETE nobody can rename or delete the root while it is served, so the
  // final path below keeps naming it. FILE_READ_ATTRIBUTES is all GetFinalPathNameByHandleW
  // needs, and takes no part in sharing checks.
  HANDLE handle =
      CreateFileW(root.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                  OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  const auto fail = [&](const char* call, DWORD error) {
    if (handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    std::string what(call);
    what.append("(").append(to_utf8(root.native())).append(")");
    return std::system_error(static_cast<int>(error), std::system_category(), what);
  };
  if (handle == INVALID_HANDLE_VALUE) throw fail("CreateFileW", GetLastError());
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(handle, &info)) throw fail("CreateFileW", GetLastError());
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0)
    throw fail("CreateFileW", ERROR_DIRECTORY);
  root_final_ = final_path_of(handle);
  if (root_final_.empty()) throw fail("GetFinalPathNameByHandleW", GetLastError());
  root_handle_ = handle;
}

WindowsDocroot::~WindowsDocroot() {
  if (root_handle_ != nullptr) CloseHandle(root_handle_);
}

http::Opened WindowsDocroot::open(std::string_view path) {
  return open_final(path, nullptr);
}

http::Opened WindowsDocroot::open_final(std::string_view path, std::wstring* final_path) {
  http::Opened result;
  result.error = http::OpenError::not_found;
  // Names Windows would open as something else are refused before the disk is touched, with
  // the answer a missing file gets.
  if (http::windows_path_status(path) != 0) return result;
  const std::string_view relative = path.substr(std::min(path.find_first_not_of('/'), path.size()));
  const bool wants_directory = !relative.empty() && relative.back() == '/';
  std::wstring name = to_wide(relative);
  if (name.empty() && !relative.empty()) return result;  // not UTF-8: no file has that name
  std::replace(name.begin(), name.end(), L'/', L'\\');
  std::wstring full = root_final_;
  if (!name.empty() && !full.ends_with(L'\\')) full.push_back(L'\\');
  full += name;

  DWORD flags = FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED;
  if (!follow_links_) flags |= FILE_FLAG_OPEN_REPARSE_POINT;
  HANDLE handle = CreateFileW(full.c_str(), GENERIC_READ,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                              OPEN_EXISTING, flags, nullptr);
  if (handle == INVALID_HANDLE_VALUE) {
    result.error = classify(GetLastError());
    return result;
  }
  result.error = http::OpenError::none;
  const auto refuse = [&](http::OpenError error) {
    CloseHandle(handle);
    result.error = error;
    return result;
  };
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(handle, &info)) return refuse(http::OpenError::failed);
  // With FILE_FLAG_OPEN_REPARSE_POINT the handle is the link itself.
  if (!follow_links_ && (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0)
    return refuse(http::OpenError::forbidden);

  std::wstring opened = final_path_of(handle);
  if (opened.empty()) return refuse(http::OpenError::failed);
  if (!http::final_path_matches(root_final_, name, opened)) {
    // With `symlinks: on` a link may lead elsewhere beneath the root, as on Linux. But an 8.3
    // short name ("SECRE~1.TXT", ".HTPAS~1") also opens a different name beneath the root, past
    // the checks the server makes on the name as written (dotfiles: deny, for one). The two
    // cannot be told apart from the final path; short names always have a '~', so a name with
    // a '~' anywhere must match exactly. Outside the root is refused whatever the policy.
    const bool tilde = relative.find('~') != std::string_view::npos;
    if (!follow_links_ || tilde || !is_beneath(root_final_, opened))
      return refuse(http::OpenError::not_found);
  }

  const bool directory = (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
  if (wants_directory && !directory) return refuse(http::OpenError::not_found);
  result.stat.kind = directory                               ? Kind::directory
                     : GetFileType(handle) == FILE_TYPE_DISK ? Kind::regular
                                                             : Kind::other;
  set_size_time(result.stat, info.nFileSizeHigh, info.nFileSizeLow, info.ftLastWriteTime);
  result.file = http::FileHandle(this, reinterpret_cast<std::intptr_t>(handle));
  if (final_path != nullptr) *final_path = std::move(opened);
  return result;
}

http::Listing WindowsDocroot::list(std::string_view path) {
  http::Listing listing;
  std::wstring folder;
  const http::Opened dir = open_final(path, &folder);
  if (dir.error != http::OpenError::none || dir.stat.kind != Kind::directory) {
    listing.error = dir.error != http::OpenError::none ? dir.error : http::OpenError::not_found;
    return listing;
  }
  // The folder's own final path, checked by open_final, not the name as requested.
  if (!folder.ends_with(L'\\')) folder.push_back(L'\\');
  folder.push_back(L'*');
  WIN32_FIND_DATAW data{};
  HANDLE find = FindFirstFileExW(folder.c_str(), FindExInfoBasic, &data, FindExSearchNameMatch,
                                 nullptr, FIND_FIRST_EX_LARGE_FETCH);
  if (find == INVALID_HANDLE_VALUE) {
    // A drive's root has no "." or "..": an empty one matches nothing.
    if (GetLastError() != ERROR_FILE_NOT_FOUND) listing.error = classify(GetLastError());
    return listing;
  }
  std::string prefix(path);
  if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
  do {
    const std::wstring_view wide = data.cFileName;
    if (wide == L"." || wide == L"..") continue;
    http::DirEntry item{to_utf8(wide), {}};
    // A listing never shows a name that cannot be fetched.
    if (item.name.empty() || http::windows_path_status("/" + item.name) != 0) continue;
    if ((data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
      // Listed only when it resolves beneath the root, exactly as a request for it would.
      const http::Opened target = open(prefix + item.name);
      if (target.error != http::OpenError::none) continue;
      item.stat = target.stat;
    } else {
      item.stat.kind =
          (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? Kind::directory : Kind::regular;
      set_size_time(item.stat, data.nFileSizeHigh, data.nFileSizeLow, data.ftLastWriteTime);
    }
    if (item.stat.kind == Kind::other) continue;
    listing.entries.push_back(std::move(item));
  } while (FindNextFileW(find, &data));
  if (GetLastError() != ERROR_NO_MORE_FILES) listing.error = classify(GetLastError());
  FindClose(find);
  return listing;
}

void WindowsDocroot::close(std::intptr_t native) noexcept {
  CloseHandle(reinterpret_cast<HANDLE>(native));
}

std::int64_t WindowsDocroot::read(std::intptr_t native, std::uint64_t offset, std::span<char> out) {
  thread_local ReadEvent read_event;
  if (read_event.event == nullptr) return -1;
  const HANDLE handle = reinterpret_cast<HANDLE>(native);
  std::size_t done = 0;
  while (done < out.size()) {
    const std::uint64_t at = offset + done;
    OVERLAPPED overlapped{};
    overlapped.Offset = static_cast<DWORD>(at);
    overlapped.OffsetHigh = static_cast<DWORD>(at >> 32);
    // The low-order bit set: no completion packet reaches a port the handle is associated
    // with, where the server would take it for one of its own operations.
    overlapped.hEvent =
        reinterpret_cast<HANDLE>(reinterpret_cast<std::uintptr_t>(read_event.event) | 1);
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(out.size() - done, 1u << 30));
    DWORD got = 0;
    const bool ok = (ReadFile(handle, out.data() + done, want, nullptr, &overlapped) ||
                     GetLastError() == ERROR_IO_PENDING) &&
                    GetOverlappedResult(handle, &overlapped, &got, TRUE);
    if (!ok && GetLastError() == ERROR_HANDLE_EOF) break;  // at or past the end
    if (!ok) return -1;
    if (got == 0) break;  // shorter than expected: the caller compares with the size
    done += got;
  }
  return static_cast<std::int64_t>(done);
}

}  // namespace portico::server
