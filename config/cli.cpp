#include "config/cli.hpp"

#include <array>
#include <string_view>
#include <system_error>

#include "config/os_files.hpp"
#include "config/parse_values.hpp"
#include "config/quote.hpp"

namespace portico::config {
namespace {

enum class Flag { config, root, listen, threads, check, version, help };

struct FlagSpec {
  std::string_view name;
  Flag flag;
  bool takes_value;
};

constexpr std::array<FlagSpec, 8> flags{{
    {"--config", Flag::config, true},
    {"--root", Flag::root, true},
    {"--listen", Flag::listen, true},
    {"--threads", Flag::threads, true},
    {"--check", Flag::check, false},
    {"--version", Flag::version, false},
    {"--help", Flag::help, false},
    {"-h", Flag::help, false},
}};

const FlagSpec* find_flag(std::string_view name) {
  for (const auto& spec : flags) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// Stores one flag's value; returns a usage error, or "" when the value is fine.
std::string apply(CliOptions& options, Flag flag, const std::string& value) {
  switch (flag) {
    case Flag::config:
      options.config_file = value;
      break;
    case Flag::root:
      options.root = value;
      break;
    case Flag::listen:
      options.listen = value;
      break;
    case Flag::threads: {
      const auto n = parse_unsigned(value);
      if (!n || *n > max_threads) {
        return "--threads: bad value " + quote(value) + " (expected a whole number from 0 to " +
               std::to_string(max_threads) + ")";
      }
      options.threads = static_cast<unsigned>(*n);
      break;
    }
    case Flag::check:
      options.check = true;
      break;
    case Flag::version:
      options.version = true;
      break;
    case Flag::help:
      options.help = true;
      break;
  }
  return "";
}

}  // namespace

CliParse parse_cli(const std::vector<std::string>& args) {
  CliParse result;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto equals = arg.find('=');
    const bool inline_value = arg.starts_with("--") && equals != std::string::npos;
    const std::string name = inline_value ? arg.substr(0, equals) : arg;
    const FlagSpec* spec = find_flag(name);
    if (spec == nullptr) {
      result.usage_error = arg.starts_with('-') ? "unknown option " + quote(name)
                                                : "unexpected argument " + quote(arg);
      return result;
    }
    std::string value;
    if (!spec->takes_value) {
      if (inline_value) {
        result.usage_error = std::string(spec->name) + " takes no value";
        return result;
      }
    } else if (inline_value) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
      // A following "--flag" is far likelier a forgotten value than a path; --flag=--x still
      // passes such a value.
      value = args[++i];
    } else {
      result.usage_error = std::string(spec->name) + " needs a value";
      return result;
    }
    if (spec->takes_value && value.empty()) {
      result.usage_error = std::string(spec->name) + " needs a non-empty value";
      return result;
    }
    result.usage_error = apply(result.options, spec->flag, value);
    if (!result.usage_error.empty()) return result;
  }
  return result;
}

std::string usage_text() {
  return "Usage: portico [OPTIONS]\n"
         "Serve the files under a folder over HTTP.\n"
         "\n"
         "Options:\n"
         "  --config FILE   read FILE instead of " +
         default_config_file().string() +
         "\n"
         "  --root DIR      serve the files under DIR (overrides `root`)\n"
         "  --listen ADDR   listen on IPv4:PORT, [IPv6]:PORT, :PORT (all interfaces) or\n"
         "                  localhost:PORT (overrides `listen`)\n"
         "  --threads N     worker threads, 0 = one per CPU (overrides `threads`)\n"
         "  --check         check the configuration and the root folder, then exit\n"
         "  --version       print the version and exit\n"
         "  -h, --help      print this help and exit\n"
         "\n"
         "Values may also be given as --flag=value.\n";
}

std::string version_text() {
  return "portico " PORTICO_VERSION "\n";
}

std::filesystem::path default_config_file() {
  return PORTICO_DEFAULT_CONFIG;
}

Loaded resolve(const CliOptions& options, const std::filesystem::path& cwd) {
  return resolve(options, cwd, default_config_file());
}

Loaded resolve(const CliOptions& options, const std::filesystem::path& cwd,
               const std::filesystem::path& default_file) {
  Loaded loaded;
  if (options.config_file) {
    loaded = load_file(resolve_path(cwd, *options.config_file));
  } else {
    const auto file = resolve_path(cwd, default_file);
    std::error_code error;
    // Anything but a clean "not there" (say, a folder we may not search) is worth reporting,
    // which load_file does.
    if (std::filesystem::exists(file, error) || error) loaded = load_file(file);
  }
  Config& config = loaded.config;
  // Paths from the file are already anchored to its folder; only built-in ones are relative.
  config.root = resolve_path(cwd, config.root);
  if (config.access_log.path != "stdout" && config.access_log.path != "off") {
    config.access_log.path = resolve_path(cwd, config.access_log.path).string();
  }

  if (options.root) config.root = resolve_path(cwd, *options.root);
  if (options.threads) config.threads = *options.threads;
  if (options.listen) {
    if (const auto address = parse_listen(*options.listen)) {
      config.listen = *address;
    } else {
      loaded.errors.push_back("--listen: bad address " + quote(*options.listen) +
                              " (expected IPv4:PORT, [IPv6]:PORT, :PORT for all interfaces or "
                              "localhost:PORT, with PORT 0-65535)");
    }
  }
  return loaded;
}

std::vector<std::string> check_root(const Config& config) {
  const auto& root = config.root;
  const std::string label = "root " + quote(root.string()) + ": ";
  std::error_code error;
  const auto status = std::filesystem::status(root, error);
  if (error) return {label + error.message()};
  if (!std::filesystem::is_directory(status)) return {label + "not a directory"};
  if (const auto denied = os::folder_access(root)) {
    return {label + "cannot list or read it: " + denied.message()};
  }
  return {};
}

}  // namespace portico::config
