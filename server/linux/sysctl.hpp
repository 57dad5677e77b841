#pragma once
// Reads a number from a /proc/sys file; header-only so that the integration tests compare with
// the same reading the server makes.

#include <cstdint>
#include <cstdio>

namespace portico::server {

// The `field`th (0-based) whitespace-separated number of `path` (net.ipv4.tcp_wmem has three),
// or 0 when the file or the field is missing.
inline std::uint64_t read_sysctl(const char* path, int field) {
  std::FILE* f = std::fopen(path, "r");
  if (f == nullptr) return 0;
  unsigned long long value = 0;
  for (int i = 0; i <= field; ++i)
    if (std::fscanf(f, "%llu", &value) != 1) value = 0;
  std::fclose(f);
  return value;
}

}  // namespace portico::server
