#pragma once
// FNV-1a 64: a cheap digest to report alongside exact byte comparisons of large bodies, and the
// offset of the first difference, so that a failure never prints megabytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace portico::it {

std::uint64_t fnv1a64(std::string_view data);
std::string hex(std::uint64_t value);

// "equal" or a one-line description of where and how `actual` differs from `expected`.
std::string compare_bytes(std::string_view expected, std::string_view actual);

}  // namespace portico::it
