#include "tests/integration/test_files.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace portico::it {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string pseudo_random_bytes(std::size_t size, unsigned seed) {
  std::string out(size, '\0');
  std::uint64_t x = 0x9E3779B97F4A7C15ULL ^ seed;  // xorshift64*
  for (std::size_t i = 0; i < size; i += 8) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    std::uint64_t v = x * 0x2545F4914F6CDD1DULL;
    std::size_t n = std::min<std::size_t>(8, size - i);
    std::memcpy(out.data() + i, &v, n);
  }
  return out;
}

}  // namespace portico::it
