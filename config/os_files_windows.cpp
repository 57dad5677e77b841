#include <stdio.h>

#include "config/os_files.hpp"

namespace portico::config::os {

std::FILE* open_for_reading(const std::filesystem::path& file) {
  return ::_wfopen(file.c_str(), L"rb");
}

std::error_code folder_access(const std::filesystem::path& folder) {
  // Windows has no search bit: a folder that can be listed can be entered (access(2)'s
  // equivalent, _waccess, only looks at the read-only attribute).
  std::error_code error;
  const std::filesystem::directory_iterator listing(folder, error);
  return error;
}

}  // namespace portico::config::os
