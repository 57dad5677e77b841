#include "tests/integration/digest.hpp"

#include <algorithm>
#include <cstdio>

namespace portico::it {

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string compare_bytes(std::string_view expected, std::string_view actual) {
  if (expected == actual) return "equal";
  std::size_t common = std::min(expected.size(), actual.size());
  std::size_t at = static_cast<std::size_t>(
      std::mismatch(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(common),
                    actual.begin())
          .first -
      expected.begin());
  return "differ: expected " + std::to_string(expected.size()) + " bytes (fnv1a64 " +
         hex(fnv1a64(expected)) + "), got " + std::to_string(actual.size()) + " bytes (fnv1a64 " +
         hex(fnv1a64(actual)) + "), first difference at offset " + std::to_string(at);
}

}  // namespace portico::it
