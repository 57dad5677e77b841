#pragma once
// The docroot on Windows: every lookup is CreateFileW on the root's final path + the request's
// name, after http::windows_path_status has refused the names Windows would resolve to
// something else (streams, devices, trailing dots, '\'). What is left, 8.3 short names and
// links or junctions leading elsewhere, cannot be seen in the name: the opened handle's final
// path (GetFinalPathNameByHandleW) must be the root's + the name asked for. `symlinks: on`
// also accepts a link whose target stays beneath the root; `symlinks: off` refuses every
// reparse point (FILE_FLAG_OPEN_REPARSE_POINT). Handles are opened with FILE_FLAG_OVERLAPPED:
// the server sends from them through an I/O completion port.

#include <filesystem>
#include <string>
#include <system_error>

#include "config/config.hpp"
#include "http/docroot.hpp"

namespace portico::server {

class WindowsDocroot final : public http::Docroot {
 public:
  // Throws std::system_error naming the call (CreateFileW) and the root when the root cannot
  // be opened as a directory.
  WindowsDocroot(const std::filesystem::path& root, config::Symlinks symlinks);
  ~WindowsDocroot() override;
  WindowsDocroot(const WindowsDocroot&) = delete;
  WindowsDocroot& operator=(const WindowsDocroot&) = delete;

  http::Opened open(std::string_view path) override;
  http::Listing list(std::string_view path) override;
  void close(std::intptr_t native) noexcept override;
  std::int64_t read(std::intptr_t native, std::uint64_t offset, std::span<char> out) override;

 private:
  // open(), also giving the opened handle's final path (list() enumerates that folder).
  http::Opened open_final(std::string_view path, std::wstring* final_path);

  void* root_handle_ = nullptr;  // HANDLE: pins the root (no FILE_SHARE_DELETE)
  std::wstring root_final_;      // GetFinalPathNameByHandleW(root, VOLUME_NAME_DOS)
  bool follow_links_ = true;
};

}  // namespace portico::server
