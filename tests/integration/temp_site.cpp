#include "tests/integration/temp_site.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace portico::it {

namespace fs = std::filesystem;

std::string TempSite::pipeline_path(int i) {
  char name[32];
  std::snprintf(name, sizeof name, "/pipe/%03d.txt", i);
  return name;
}

std::string TempSite::pipeline_content(int i) {
  // Different lengths, so a response matched to the wrong request shows up.
  std::string body = "pipelined file " + std::to_string(i) + "\n";
  body += std::string(static_cast<std::size_t>(i) * 7, static_cast<char>('a' + i % 26));
  return body + "\n";
}

TempSite::TempSite(SiteOptions options) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/portico-it-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  base_ = fs::canonical(pattern);

  secret_ = "TOP-SECRET-" + std::to_string(getpid()) + "-do-not-serve\n";
  write_file(base_ / "secret", secret_);

  const fs::path r = root();
  write_file(r / "index.html",
             "<!doctype html>\n<title>portico test root</title>\n<p>root index</p>\n");
  write_file(r / "a.txt", "hello from a.txt\n");
  write_file(r / "sub" / "index.html", "<!doctype html>\n<p>sub index</p>\n");
  write_file(r / "sub" / "b.txt", "bee\n");
  write_file(r / "nodir" / "c.txt", "sea\n");
  write_file(r / ".hidden", "hidden dotfile\n");
  write_file(r / ".well-known" / "security.txt", "Contact: mailto:security@example.test\n");
  write_file(r / "with space.txt", "spaced out\n");
  write_file(r / "caf\xc3\xa9.txt", "utf-8 name\n");
  write_file(r / "medium.bin", pseudo_random_bytes(kMediumSize, 5));
  for (int i = 0; i < kPipelineFiles; ++i)
    write_file(r / pipeline_path(i).substr(1), pipeline_content(i));
  if (options.large_file) write_file(r / "big64.bin", pseudo_random_bytes(kLargeSize, 64));

  if (mkfifo((r / "fifo").c_str(), 0644) != 0) throw std::runtime_error("mkfifo failed");
  fs::create_symlink("a.txt", r / "link-in.txt");
  fs::create_symlink("../secret", r / "link-out-rel.txt");
  fs::create_symlink(base_ / "secret", r / "link-out-abs.txt");
}

TempSite::~TempSite() {
  std::error_code ec;
  fs::remove_all(base_, ec);  // does not follow the symlinks
}

fs::path TempSite::write_config(const ConfigOptions& o) const {
  std::ostringstream y;
  y << "# written by the integration tests\n";
  y << "listen: 127.0.0.1:0\n";
  y << "root: " << root().string() << "\n";
  y << "threads: " << o.threads << "\n";
  if (!o.header_timeout.empty() || !o.keepalive_timeout.empty()) {
    y << "timeouts:\n";
    if (!o.header_timeout.empty()) y << "  header: " << o.header_timeout << "\n";
    if (!o.keepalive_timeout.empty()) y << "  keepalive: " << o.keepalive_timeout << "\n";
  }
  y << "access_log:\n  path: "
    << (!o.access_log_path.empty() ? o.access_log_path
        : o.access_log             ? "stdout"
                                   : "off")
    << "\n";
  y << o.extra;
  write_file(config_path(), y.str());
  return config_path();
}

std::vector<std::string> TempSite::server_args(const ConfigOptions& options,
                                               const std::string& listen) const {
  return {"--config", write_config(options).string(), "--listen", listen};
}

std::string TempSite::content(const std::string& url_path) const {
  return read_file(root() / url_path.substr(1));
}

}  // namespace portico::it
