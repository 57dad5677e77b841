#pragma once
// The docroot on Linux: a directory fd opened once; every lookup is openat2 beneath it with
// RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so ".." and symlinks cannot leave the root.
// Relative symlinks that stay inside are followed; absolute ones are refused by
// RESOLVE_BENEATH, and `symlinks: off` refuses every symlink (RESOLVE_NO_SYMLINKS).

#include <filesystem>
#include <system_error>

#include "config/config.hpp"
#include "http/docroot.hpp"

namespace portico::server {

class LinuxDocroot final : public http::Docroot {
 public:
  // Throws std::system_error naming the call (open) when the root cannot be opened.
  LinuxDocroot(const std::filesystem::path& root, config::Symlinks symlinks);
  ~LinuxDocroot() override;

  http::Opened open(std::string_view path) override;
  http::Listing list(std::string_view path) override;
  void close(std::intptr_t native) noexcept override;
  std::int64_t read(std::intptr_t native, std::uint64_t offset, std::span<char> out) override;

 private:
  int root_fd_ = -1;
  std::uint64_t resolve_flags_ = 0;
};

}  // namespace portico::server
