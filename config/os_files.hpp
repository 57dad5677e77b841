#pragma once
// The two file-system calls config/ makes that have no portable standard-library spelling with
// the same behaviour. One implementation per OS (os_files_posix.cpp, os_files_windows.cpp); CMake
// compiles the one for the target, so no source here needs a platform #if.

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace portico::config::os {

// std::fopen(file, "rb") with the path in the OS's own encoding (UTF-16 on Windows); null with
// errno set on failure.
std::FILE* open_for_reading(const std::filesystem::path& file);

// Empty when `folder` can be listed and entered; else why not.
std::error_code folder_access(const std::filesystem::path& folder);

}  // namespace portico::config::os
