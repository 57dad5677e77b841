#pragma once
// Recognising content-hashed ("fingerprinted") asset names, whose content can never change
// under the same name and so may be cached as immutable, plus the small glob language that
// lets a site configure its own patterns.

#include <span>
#include <string>
#include <string_view>

namespace portico::http {

// Whether the last path component looks like a bundler's content hash. The rules are tuned to
// miss some hashes rather than mistake a date, version or word for one, because a false match
// pins a changing file in caches for a long time:
//
//   app.3f9a1c2b.js            a dot-delimited run of 8+ hex digits with a letter and a digit
//   main.0a1b2c3d4e5f.css      (webpack, Parcel). It must lie between two dots, so a bare
//                              "deadbeef.txt" (no name before it) does not match.
//   framework-2c79e2a64abd.js  the same hex run after the last '-', before the next '.'
//                              (webpack "[name]-[contenthash]", Next.js)
//   index-BXq3kQ8w.js          after the last '-', before the next '.': 8+ of [A-Za-z0-9_]
//                              with an upper-case letter past the first character, a lower-case
//                              letter and a digit (Vite/Rollup base64url). The upper-case rule
//                              keeps "Invoice-Version2.pdf" out. Hashes that contain '-', or
//                              lack one of the three kinds of character, are missed.
//
// Not matched: report.20240131.pdf, lib-1.2.3.js, jquery-3.7.1.min.js, photo-20240131.jpg.
bool is_fingerprinted(std::string_view file_name);

// A configured pattern and what it maps to (a Cache-Control value, a header, ...).
struct GlobRule {
  std::string pattern;
  std::string value;
};

// Whole-string glob: '*' matches any run of characters other than '/', '?' exactly one such
// character, everything else itself (case-sensitively). '**' is just two '*', so it does not
// cross '/' either: patterns stay predictable and matching stays linear per path segment.
bool glob_match(std::string_view pattern, std::string_view text);

// A rule's pattern without '/' is matched against the last component of `path` ("*.js");
// with a '/', against the whole path, a leading '/' on either side being ignored, so
// "assets/*.js" and "/assets/*.js" both mean /assets/app.js.
bool glob_rule_matches(std::string_view pattern, std::string_view path);

// The first rule that matches `path`, or nullptr.
const GlobRule* first_matching_rule(std::span<const GlobRule> rules, std::string_view path);

}  // namespace portico::http
