#pragma once
// A throw-away document root with every kind of file the tests need, plus a config file for it.
//
//   <base>/secret              outside the root: its content must never be served
//   <base>/portico.yaml        written by write_config()
//   <base>/root/               the document root (layout in temp_site.cpp)

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/test_files.hpp"

namespace portico::it {

struct SiteOptions {
  bool large_file = false;  // also create big64.bin (64 MiB)
};

struct ConfigOptions {
  unsigned threads = 2;
  std::string header_timeout;     // e.g. "1s"; empty = server default
  std::string keepalive_timeout;  // e.g. "2s"; empty = server default
  bool access_log = false;        // false: `access_log: {path: off}`
  std::string access_log_path;    // a file for the access log (overrides access_log)
  std::string extra;              // appended verbatim
};

class TempSite {
 public:
  static constexpr std::size_t kMediumSize = 5 * 1024 * 1024;  // medium.bin
  static constexpr std::size_t kLargeSize = 64 * 1024 * 1024;  // big64.bin
  static constexpr int kPipelineFiles = 100;                   // pipe/000.txt .. pipe/099.txt

  explicit TempSite(SiteOptions options = {});
  ~TempSite();
  TempSite(const TempSite&) = delete;
  TempSite& operator=(const TempSite&) = delete;

  const std::filesystem::path& base() const { return base_; }
  std::filesystem::path root() const { return base_ / "root"; }
  std::filesystem::path config_path() const { return base_ / "portico.yaml"; }

  // Writes portico.yaml for this root and returns its path.
  std::filesystem::path write_config(const ConfigOptions& options = {}) const;
  // `--config <base>/portico.yaml --listen <listen>` (writes the config first).
  std::vector<std::string> server_args(const ConfigOptions& options = {},
                                       const std::string& listen = "127.0.0.1:0") const;

  // The exact content of a file under the root, by URL path ("/a.txt").
  std::string content(const std::string& url_path) const;
  // The content of the file outside the root.
  const std::string& secret() const { return secret_; }
  // The name and content of pipe/NNN.txt.
  static std::string pipeline_path(int i);
  static std::string pipeline_content(int i);

 private:
  std::filesystem::path base_;
  std::string secret_;
};

}  // namespace portico::it
