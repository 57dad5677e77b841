#pragma once
// Portable file helpers for the tests (the Linux integration tests and the Windows ones).

#include <cstddef>
#include <filesystem>
#include <string>

namespace portico::it {

// Writes `content` to `path`, creating parent folders; throws when it cannot.
void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);
// `size` bytes of reproducible pseudo-random data.
std::string pseudo_random_bytes(std::size_t size, unsigned seed);

}  // namespace portico::it
