#include <unistd.h>

#include <cerrno>

#include "config/os_files.hpp"

namespace portico::config::os {

std::FILE* open_for_reading(const std::filesystem::path& file) {
  return std::fopen(file.c_str(), "rb");
}

std::error_code folder_access(const std::filesystem::path& folder) {
  // Read to list it, search (x) to open what is inside.
  if (::access(folder.c_str(), R_OK | X_OK) != 0) return {errno, std::generic_category()};
  return {};
}

}  // namespace portico::config::os
