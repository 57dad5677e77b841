#pragma once
// An in-memory Docroot for planner tests: path -> stat, or path -> error.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "http/docroot.hpp"

namespace portico::http {

// A file system in a map: path -> stat, or path -> error.
class FakeDocroot final : public Docroot {
 public:
  void add_file(std::string path, std::uint64_t size, std::int64_t mtime = 784111777) {
    FileStat s;
    s.kind = FileStat::Kind::regular;
    s.size = size;
    s.mtime_sec = mtime;  // default: Sun, 06 Nov 1994 08:49:37 GMT
    entries_[std::move(path)] = {OpenError::none, s};
  }
  void add(std::string path, FileStat::Kind kind) {
    FileStat s;
    s.kind = kind;
    entries_[std::move(path)] = {OpenError::none, s};
  }
  void add_error(std::string path, OpenError error) { entries_[std::move(path)] = {error, {}}; }

  Opened open(std::string_view path) override {
    opened.emplace_back(path);
    Opened result;
    std::string key(path);
    if (key.size() > 1 && key.back() == '/') key.pop_back();  // "dir/" names the directory
    const auto it = entries_.find(key);
    if (it == entries_.end()) {
      result.error = OpenError::not_found;
      return result;
    }
    result.error = it->second.first;
    if (result.error == OpenError::none) {
      result.stat = it->second.second;
      result.file = FileHandle(this, ++next_handle_);
      ++open_handles;
    }
    return result;
  }
  void close(std::intptr_t) noexcept override { --open_handles; }
  // Files read as their size in 'x' bytes.
  std::int64_t read(std::intptr_t, std::uint64_t, std::span<char> out) override {
    std::fill(out.begin(), out.end(), 'x');
    ++reads;
    return static_cast<std::int64_t>(out.size());
  }
  int reads = 0;
  Listing list(std::string_view path) override {
    Listing listing;
    std::string prefix(path);
    if (prefix.back() != '/') prefix.push_back('/');
    for (const auto& [name, entry] : entries_) {
      if (!name.starts_with(prefix) || name.size() == prefix.size()) continue;
      const std::string rest = name.substr(prefix.size());
      if (rest.find('/') != std::string::npos || entry.first != OpenError::none) continue;
      listing.entries.push_back({rest, entry.second});
    }
    return listing;
  }

  std::vector<std::string> opened;
  int open_handles = 0;

 private:
  std::map<std::string, std::pair<OpenError, FileStat>> entries_;
  std::intptr_t next_handle_ = 2;
};

}  // namespace portico::http
