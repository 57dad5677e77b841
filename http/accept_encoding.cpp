#include "http/accept_encoding.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

#include "http/request.hpp"
#include "http/token.hpp"

namespace portico::http {
namespace {

// Weights in thousandths, so "0.001" and "1.000" compare exactly.
using Weight = int;
constexpr Weight kUnnamed = -1;

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
std::optional<Weight> parse_qvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  const Weight whole = (text[0] - '0') * 1000;
  if (text.size() == 1) return whole;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  Weight fraction = 0;
  Weight scale = 100;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    fraction += (c - '0') * scale;
    scale /= 10;
  }
  if (whole == 1000 && fraction != 0) return std::nullopt;
  return whole + fraction;
}

struct Element {
  std::string_view coding;
  Weight weight = 1000;
};

// codings [ OWS ";" OWS "q=" qvalue ]. The parameter name is case-insensitive (§12.4.2); no other
// parameter is defined for Accept-Encoding, so one makes the element unusable.
std::optional<Element> parse_element(std::string_view text) {
  const std::size_t semicolon = text.find(';');
  Element element;
  element.coding = trim_ows(text.substr(0, semicolon));
  if (!is_token(element.coding)) return std::nullopt;
  if (semicolon == std::string_view::npos) return element;
  const std::string_view parameter = trim_ows(text.substr(semicolon + 1));
  if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=') {
    return std::nullopt;
  }
  const auto weight = parse_qvalue(parameter.substr(2));  // also rejects a second ';'
  if (!weight) return std::nullopt;
  element.weight = *weight;
  return element;
}

// The server's preference, which also breaks ties: br compresses best, zstd decodes fastest,
// gzip is the universal fallback.
constexpr std::array<Coding, 3> kPreference{Coding::br, Coding::zstd, Coding::gzip};

std::optional<std::size_t> preference_index(std::string_view token) {
  if (iequals(token, "br")) return 0;
  if (iequals(token, "zstd")) return 1;
  if (iequals(token, "gzip") || iequals(token, "x-gzip")) return 2;
  return std::nullopt;
}

}  // namespace

std::vector<Coding> acceptable_codings(std::string_view accept_encoding,
                                       std::span<const Coding> available) {
  std::array<Weight, kPreference.size()> named;
  named.fill(kUnnamed);
  Weight star = kUnnamed;

  // Codings are tokens and weights hold no ',', so splitting on ',' is exact; empty elements
  // fall out as unusable ones.
  std::string_view rest = accept_encoding;
  for (;;) {
    const std::size_t comma = rest.find(',');
    if (const auto element = parse_element(rest.substr(0, comma))) {
      if (element->coding == "*") {
        if (star == kUnnamed) star = element->weight;
      } else if (const auto index = preference_index(element->coding)) {
        if (named[*index] == kUnnamed) named[*index] = element->weight;
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }

  struct Choice {
    Coding coding;
    Weight weight;
  };
  std::vector<Choice> choices;
  for (std::size_t i = 0; i < kPreference.size(); ++i) {
    if (std::find(available.begin(), available.end(), kPreference[i]) == available.end()) continue;
    const Weight weight = named[i] != kUnnamed ? named[i] : star;
    if (weight > 0) choices.push_back({kPreference[i], weight});
  }
  // Stable, so equal weights keep the preference order they were collected in.
  std::stable_sort(choices.begin(), choices.end(),
                   [](const Choice& a, const Choice& b) { return a.weight > b.weight; });

  std::vector<Coding> result;
  result.reserve(choices.size());
  for (const Choice& choice : choices) result.push_back(choice.coding);
  return result;
}

std::string_view coding_token(Coding coding) {
  switch (coding) {
    case Coding::br:
      return "br";
    case Coding::zstd:
      return "zstd";
    case Coding::gzip:
      return "gzip";
    case Coding::identity:
      break;
  }
  return "identity";
}

std::string_view coding_suffix(Coding coding) {
  switch (coding) {
    case Coding::br:
      return ".br";
    case Coding::zstd:
      return ".zst";
    case Coding::gzip:
      return ".gz";
    case Coding::identity:
      break;
  }
  return "";
}

}  // namespace portico::http
