#pragma once
// A per-worker open-file cache, in the spirit of nginx's open_file_cache: regular files asked
// for recently keep their FileEntry (handle, stat, validator strings, siblings, small contents)
// so a hit costs no system call. An entry older than `valid` is loaded again. Errors and
// directories are never cached, so a file that appears is served at once. Not thread-safe:
// each worker has its own.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/file_entry.hpp"

namespace portico::http {

struct FileCacheOptions {
  std::int64_t valid_ms = 1000;  // 0 disables the cache
  std::size_t max_entries = 4096;
  EntryOptions entry;
};

class FileCache {
 public:
  FileCache(Docroot& root, const FileCacheOptions& options) : root_(&root), options_(options) {}

  bool enabled() const { return options_.valid_ms > 0; }
  Docroot& root() { return *root_; }

  // The entry for a regular file at `path` (valid until the next call) or, when `path` is
  // not one, what opening it found (an error, a directory, a FIFO...), so the caller can say
  // why without opening it again.
  struct Found {
    FileEntry* entry = nullptr;  // the planner may fill in what it serialises once
    Opened other;
  };
  Found find(std::string_view path, std::int64_t now_ms);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Slot {
    FileEntry entry;
    std::int64_t checked_ms = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Docroot* root_;
  FileCacheOptions options_;
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> entries_;
  FileEntry scratch_;  // the last entry when caching is off
};

}  // namespace portico::http
