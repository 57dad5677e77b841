#include "config/parse_values.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <string>

namespace portico::config {
namespace {

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Splits "123abc" into its leading digits and the rest.
std::pair<std::string_view, std::string_view> split_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  return {text.substr(0, i), text.substr(i)};
}

// number * factor, or nullopt when the product passes `max`.
std::optional<std::uint64_t> scale(std::uint64_t number, std::uint64_t factor, std::uint64_t max) {
  if (number > max / factor) return std::nullopt;
  return number * factor;
}

bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Dotted-quad IPv4 exactly as inet_pton(AF_INET) takes it (glibc, and POSIX's wording): four
// decimal parts of 0-255, no leading zeros (so no octal reading), nothing else. Hand-written so
// that config/ needs no socket header and Windows accepts exactly what Linux accepts.
bool is_ipv4(std::string_view text) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return false;
    ++parts;
    if (i == text.size()) return parts == 4;
    if (text[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// IPv6 text form as inet_pton(AF_INET6) takes it (RFC 4291 §2.2): eight groups of 1-4 hex
// digits, at most one "::" standing for one or more zero groups, optionally a dotted-quad IPv4
// address in place of the last two groups. No zone ("%eth0"), no brackets.
bool is_ipv6(std::string_view text) {
  int groups = 0;  // 16-bit groups written out (an IPv4 tail counts two)
  bool compressed = false;
  std::size_t i = 0;
  if (text.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == text.size()) return true;  // "::"
  } else if (text.starts_with(':')) {
    return false;
  }
  while (true) {
    const std::size_t start = i;
    while (i < text.size() && is_hex_digit(text[i]) && i - start < 5) ++i;
    if (i < text.size() && text[i] == '.') {
      // The IPv4 tail: it must end the address and leave room for two groups.
      if (!is_ipv4(text.substr(start)) || groups > 6) return false;
      groups += 2;
      break;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || digits > 4) return false;
    ++groups;
    if (groups > 8) return false;
    if (i == text.size()) break;
    if (text[i] != ':') return false;
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (compressed) return false;  // a second "::"
      compressed = true;
      ++i;
      if (i == text.size()) break;  // "1::"
    } else if (i == text.size()) {
      return false;  // a single trailing ':'
    }
  }
  // "::" stands for at least one zero group.
  return compressed ? groups <= 7 : groups == 8;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  // Five digits is enough for 65535; the bound also keeps "000000000080" out.
  if (text.size() > 5) return std::nullopt;
  const auto value = parse_unsigned(text);
  if (!value || *value > std::numeric_limits<std::uint16_t>::max()) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

}  // namespace

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Duration> parse_duration(std::string_view text) {
  static constexpr std::array<Unit, 4> units{{
      {"ms", 1},
      {"s", 1000},
      {"m", 60 * 1000},
      {"h", 60 * 60 * 1000},
  }};
  const auto [digits, suffix] = split_number(text);
  const auto number = parse_unsigned(digits);
  if (!number) return std::nullopt;
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<Duration::rep>::max());
  for (const auto& unit : units) {
    if (suffix != unit.suffix) continue;
    const auto ms = scale(*number, unit.factor, max);
    if (!ms) return std::nullopt;
    return Duration(static_cast<Duration::rep>(*ms));
  }
  return std::nullopt;  // no unit, or an unknown one
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  static constexpr std::array<Unit, 5> units{{
      {"", 1},
      {"B", 1},
      {"KiB", std::uint64_t{1} << 10},
      {"MiB", std::uint64_t{1} << 20},
      {"GiB", std::uint64_t{1} << 30},
  }};
  const auto [digits, suffix] = split_number(text);
  const auto number = parse_unsigned(digits);
  if (!number) return std::nullopt;
  for (const auto& unit : units) {
    if (suffix == unit.suffix) {
      return scale(*number, unit.factor, std::numeric_limits<std::uint64_t>::max());
    }
  }
  return std::nullopt;
}

std::optional<ListenAddress> parse_listen(std::string_view text) {
  std::string_view host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (!rest.starts_with(':')) return std::nullopt;
    port_text = rest.substr(1);
    if (!is_ipv6(host)) return std::nullopt;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    // An unbracketed IPv6 address ("::1:80") cannot be told apart from its port.
    if (host.find(':') != std::string_view::npos) return std::nullopt;
    if (host == "localhost") {
      host = "127.0.0.1";
    } else if (!host.empty() && !is_ipv4(host)) {
      return std::nullopt;
    }
  }
  const auto port = parse_port(port_text);
  if (!port) return std::nullopt;
  return ListenAddress{std::string(host), *port};
}

}  // namespace portico::config
