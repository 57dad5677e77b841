#pragma once
// Accept-Encoding (RFC 9110 §12.5.3) for precompressed siblings: given the codings a file has
// on disk (style.css.br, style.css.gz, ...), which the client takes, best first.
//
//   Accept-Encoding: br;q=0.5, gzip, *;q=0.1
//                    ^^ ^^^^^ coding; weight q in 0..1 with at most three decimals

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace portico::http {

enum class Coding : std::uint8_t { identity, br, zstd, gzip };

// The precompressed codings among `available` (identity is skipped) that the client accepts
// with q > 0, highest q first, equal q in the server's order br > zstd > gzip. A coding the
// field does not name is accepted only through "*". An empty or absent field, or one naming
// nothing usable, yields none: send identity. Identity's own weight is not consulted, so
// "identity;q=0" with no acceptable coding still gets identity rather than a 415.
//
// Tokens are case-insensitive; "x-gzip" is gzip (§8.4.1.3). An element whose parameters are not
// exactly one valid weight is ignored. When a coding is named twice, the first valid element
// wins.
std::vector<Coding> acceptable_codings(std::string_view accept_encoding,
                                       std::span<const Coding> available);

// The Content-Encoding token: "br", "zstd", "gzip" ("identity" for identity).
std::string_view coding_token(Coding coding);

// The file name suffix of the precompressed sibling: ".br", ".zst", ".gz" (empty for identity).
std::string_view coding_suffix(Coding coding);

}  // namespace portico::http
