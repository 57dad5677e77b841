#include "http/file_cache.hpp"

namespace portico::http {

FileCache::Found FileCache::find(std::string_view path, std::int64_t now_ms) {
  auto it = entries_.find(path);
  if (it != entries_.end() && now_ms - it->second.checked_ms < options_.valid_ms)
    return {&it->second.entry, {}};

  Opened opened = root_->open(path);
  if (opened.error != OpenError::none || opened.stat.kind != FileStat::Kind::regular) {
    if (it != entries_.end()) entries_.erase(it);
    return {nullptr, std::move(opened)};
  }
  if (!enabled()) {
    scratch_ = load_file_entry(*root_, path, std::move(opened), options_.entry);
    return {&scratch_, {}};
  }
  // Bounded: when full, start over rather than track recency on every hit.
  if (it == entries_.end() && entries_.size() >= options_.max_entries) entries_.clear();
  Slot slot{load_file_entry(*root_, path, std::move(opened), options_.entry), now_ms};
  auto [pos, inserted] = entries_.insert_or_assign(std::string(path), std::move(slot));
  return {&pos->second.entry, {}};
}

}  // namespace portico::http
