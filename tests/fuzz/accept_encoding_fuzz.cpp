// acceptable_codings on arbitrary Accept-Encoding values: the answer names only precompressed
// codings the file has, each once, and is a preference of the client alone, so it must not
// depend on how the server lists what it has: offering fewer codings only drops those from the
// answer, and the order or repetition of `available` changes nothing.
//
// Input layout: byte 0 bits 0-3 say which of identity, br, zstd, gzip the file has, bits 4-5
// rotate the order they are listed in; the rest is the field value.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "http/accept_encoding.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using portico::http::acceptable_codings;
using portico::http::Coding;
using portico::http::coding_suffix;
using portico::http::coding_token;

constexpr std::array<Coding, 4> kAll{Coding::identity, Coding::br, Coding::zstd, Coding::gzip};

bool contains(std::span<const Coding> codings, Coding c) {
  return std::find(codings.begin(), codings.end(), c) != codings.end();
}

std::vector<Coding> only(const std::vector<Coding>& codings, std::span<const Coding> keep) {
  std::vector<Coding> out;
  for (const Coding c : codings)
    if (contains(keep, c)) out.push_back(c);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view field(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::vector<Coding> available;
  for (std::size_t i = 0; i < kAll.size(); ++i)
    if (mode & (1u << i)) available.push_back(kAll[i]);
  std::rotate(available.begin(),
              available.begin() + (available.empty() ? 0 : (mode >> 4) % available.size()),
              available.end());

  const std::vector<Coding> chosen = acceptable_codings(field, available);
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    FUZZ_CHECK(chosen[i] != Coding::identity);
    FUZZ_CHECK(contains(available, chosen[i]));
    FUZZ_CHECK(std::count(chosen.begin(), chosen.end(), chosen[i]) == 1);
    FUZZ_CHECK(!coding_token(chosen[i]).empty());
    FUZZ_CHECK(coding_suffix(chosen[i]).starts_with('.'));
  }
  if (field.empty()) FUZZ_CHECK(chosen.empty());

  // The client's preference does not depend on what the server has or how it lists it.
  const std::vector<Coding> everything = acceptable_codings(field, kAll);
  FUZZ_CHECK(only(everything, available) == chosen);
  std::vector<Coding> reversed(available.rbegin(), available.rend());
  FUZZ_CHECK(acceptable_codings(field, reversed) == chosen);
  std::vector<Coding> doubled = available;
  doubled.insert(doubled.end(), available.begin(), available.end());
  FUZZ_CHECK(acceptable_codings(field, doubled) == chosen);
  FUZZ_CHECK(acceptable_codings(field, std::span<const Coding>{}).empty());

  FUZZ_CHECK(coding_token(Coding::identity) == "identity");
  FUZZ_CHECK(coding_suffix(Coding::identity).empty());
  return 0;
}
