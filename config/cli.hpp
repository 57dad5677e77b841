#pragma once
// The command line, and how it combines with the config file: CLI > file > built-in defaults.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/loader.hpp"

namespace portico::config {

struct CliOptions {
  std::optional<std::filesystem::path> config_file, root;
  std::optional<std::string> listen;  // checked by resolve(), which knows how to report it
  std::optional<unsigned> threads;
  bool check = false, version = false, help = false;
};

struct CliParse {
  CliOptions options;
  std::string usage_error;  // non-empty: the caller prints it and usage_text(), then exits 2
};

// `args` excludes argv[0]. Flags take `--flag value` or `--flag=value`; a repeated flag keeps
// its last value, as with most Unix tools.
CliParse parse_cli(const std::vector<std::string>& args);

// Both end with a newline, ready to print.
std::string usage_text();
std::string version_text();

// The file read when --config is absent (fixed at build time, like nginx's --conf-path).
std::filesystem::path default_config_file();

// Reads --config FILE (missing: an error) or else default_config_file() (missing: built-in
// defaults, silently), then applies the flags. Relative paths from the command line, and the
// built-in relative root, are taken relative to `cwd`.
Loaded resolve(const CliOptions& options, const std::filesystem::path& cwd);

// As above with the default file given, so tests need not depend on the build's file.
Loaded resolve(const CliOptions& options, const std::filesystem::path& cwd,
               const std::filesystem::path& default_file);

// Whether config.root is an existing folder this process may list and read from; one error
// line naming the path otherwise. Separate from resolve() because the file's contents can be
// valid while the folder is not there yet, and `--check` wants to report both.
std::vector<std::string> check_root(const Config& config);

}  // namespace portico::config
