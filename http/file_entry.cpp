#include "http/file_entry.hpp"

#include <array>

#include "http/http_date.hpp"
#include "http/static_file.hpp"

namespace portico::http {
namespace {

constexpr std::array<Coding, 3> kCodings = {Coding::br, Coding::zstd, Coding::gzip};

FileVariant make_variant(Docroot& root, Opened opened, Coding coding, const EntryOptions& options) {
  FileVariant v;
  v.coding = coding;
  v.stat = opened.stat;
  v.etag = make_etag(opened.stat,
                     coding == Coding::identity ? std::string_view() : coding_token(coding));
  v.last_modified = format_http_date(opened.stat.mtime_sec);
  if (opened.stat.size <= options.max_content) {
    auto bytes = std::make_shared<std::string>(opened.stat.size, '\0');
    const std::int64_t n = root.read(opened.file.native(), 0, *bytes);
    // A file that shrank since its stat is sent from the handle, where the engine notices.
    if (n == static_cast<std::int64_t>(opened.stat.size)) v.content = std::move(bytes);
  }
  v.file = std::move(opened.file);
  return v;
}

bool older(const FileStat& a, const FileStat& b) {
  return a.mtime_sec < b.mtime_sec || (a.mtime_sec == b.mtime_sec && a.mtime_nsec < b.mtime_nsec);
}

}  // namespace

FileEntry load_file_entry(Docroot& root, std::string_view path, Opened opened,
                          const EntryOptions& options) {
  FileEntry entry;
  const FileStat original = opened.stat;
  entry.identity = make_variant(root, std::move(opened), Coding::identity, options);
  if (!options.precompressed) return entry;
  for (Coding coding : kCodings) {
    std::string name(path);
    name.append(coding_suffix(coding));
    Opened sibling = root.open(name);
    if (sibling.error != OpenError::none || sibling.stat.kind != FileStat::Kind::regular) continue;
    if (older(sibling.stat, original)) {
      entry.stale_sibling = std::move(name);  // it would serve outdated content: ignore it
      continue;
    }
    entry.siblings.push_back(make_variant(root, std::move(sibling), coding, options));
  }
  return entry;
}

}  // namespace portico::http
