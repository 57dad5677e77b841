#pragma once
// A fresh folder under the system temp dir, removed with everything in it at scope exit.

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace portico::config::test_support {

class TempDir {
 public:
  TempDir() {
    // create_directory is mkdir: it fails (returns false) when the name is taken, so a random
    // name that it creates belongs to this test alone, even with parallel test runs.
    const auto base = std::filesystem::temp_directory_path();
    std::random_device seed;
    std::mt19937_64 random(seed());
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto candidate = base / ("portico-config-" + std::to_string(random()));
      if (std::filesystem::create_directory(candidate)) {
        path_ = std::move(candidate);
        return;
      }
    }
    throw std::runtime_error("cannot create a temporary folder under " + base.string());
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
