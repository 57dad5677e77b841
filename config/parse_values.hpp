#pragma once
// Parsers for the textual values that appear both in the YAML file and on the command line.
// Each returns std::nullopt for anything it does not accept; the callers word the message,
// since only they know which key or flag the text came from.

#include <cstdint>
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace portico::config {

// Bounds shared by the file and the command line.
inline constexpr unsigned max_threads = 1024;
// Timeouts are added to clock readings with nanosecond ticks; a day keeps that far from
// overflow and is already longer than any sensible wait.
inline constexpr Duration max_timeout = std::chrono::hours(24);

// "500ms", "10s", "2m", "1h": decimal digits then exactly one unit. A bare number is refused
// because "10" is ambiguous between seconds and milliseconds. No sign, fraction, blanks, or
// value beyond what Duration holds.
std::optional<Duration> parse_duration(std::string_view text);

// "512" or "512B" (bytes), "64KiB", "1MiB", "1GiB". Decimal units (KB, MB) are refused rather
// than guessed at. No sign, fraction, blanks, or value beyond 2^64-1 bytes.
std::optional<std::uint64_t> parse_size(std::string_view text);

// Plain decimal digits, nothing else (no sign, no blanks, no 0x), within std::uint64_t.
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces), "localhost:8080" (= 127.0.0.1).
// Hosts must be numeric: resolving names belongs to no config layer. Port 0 asks the kernel
// for an ephemeral port.
std::optional<ListenAddress> parse_listen(std::string_view text);

}  // namespace portico::config
