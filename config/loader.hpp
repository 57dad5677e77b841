#pragma once
// Reads a YAML config file over a base Config. Every problem found is reported, not only the
// first, so one run of `portico --check` shows everything to fix.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace portico::config {

struct Loaded {
  // Meaningful only when `errors` is empty; otherwise it holds whatever parts were valid.
  Config config;
  // One line each, "FILE:LINE:COL: KEY: message" (1-based). Problems that have no key (YAML
  // syntax, the top level) read "FILE:LINE:COL: message"; an unreadable file "FILE: message".
  std::vector<std::string> errors;
};

// Reads `file`; a missing or unreadable file is an error naming it. Relative paths inside are
// taken relative to the file's folder.
Loaded load_file(const std::filesystem::path& file, Config base = {});

// Parses `text` as if read from `name`: `name` appears in messages and its parent folder is
// the base for relative paths. Empty text (or only comments) yields `base` unchanged.
Loaded load_yaml(std::string_view text, const std::filesystem::path& name, Config base = {});

// `path` taken relative to `base` unless absolute, lexically normalised and without a trailing
// separator, so that equal locations compare equal.
std::filesystem::path resolve_path(const std::filesystem::path& base,
                                   const std::filesystem::path& path);

}  // namespace portico::config
