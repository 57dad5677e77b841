#pragma once
// Invariant checks for the fuzz targets. A failed check names itself on stderr and traps, which
// libFuzzer reports as a crash and saves the input for.

#include <cstddef>
#include <cstdio>
#include <string_view>

#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      __builtin_trap();                                                                       \
    }                                                                                         \
  } while (0)

namespace portico::fuzz {

inline volatile unsigned char touch_sink = 0;

// Reads every byte a view covers, so that AddressSanitizer reports a view into storage that
// was freed or reallocated (the optimiser may not drop a load whose result reaches a volatile).
inline void touch(std::string_view view) {
  unsigned char sum = 0;
  for (const char c : view) sum = static_cast<unsigned char>(sum + static_cast<unsigned char>(c));
  touch_sink = sum;
}

inline bool has_control(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace portico::fuzz
