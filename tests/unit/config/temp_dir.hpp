#pragma once
// A fresh folder under the system temp dir, removed with everything in it at scope exit.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace portico::config::test_support {

class TempDir {
 public:
  TempDir() {
    // mkdtemp picks an unused name atomically, so parallel test runs cannot collide.
    std::string name = (std::filesystem::temp_directory_path() / "portico-config-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = name;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `content` to `relative` (creating folders on the way) and returns its full path.
  std::filesystem::path write(const std::filesystem::path& relative,
                              std::string_view content) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace portico::config::test_support
