#include <stdio.h>

#include <cerrno>

#include "config/os_files.hpp"

namespace portico::config::os {

std::FILE* open_for_reading(const std::filesystem::path& file) {
  std::FILE* stream = ::_wfopen(file.c_str(), L"rb");
  if (stream == nullptr && errno == EACCES) {
    // Opening a folder fails with EACCES here, where Linux opens it and fails the read with
    // EISDIR: say what Linux says rather than blame permissions.
    std::error_code ignored;
    if (std::filesystem::is_directory(file, ignored)) errno = EISDIR;
  }
  return stream;
}

std::error_code folder_access(const std::filesystem::path& folder) {
  // Windows has no search bit: a folder that can be listed can be entered (access(2)'s
  // equivalent, _waccess, only looks at the read-only attribute).
  std::error_code error;
  const std::filesystem::directory_iterator listing(folder, error);
  return error;
}

}  // namespace portico::config::os
