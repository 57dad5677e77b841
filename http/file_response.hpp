#pragma once
// The response for one regular file: choose a precompressed variant, evaluate preconditions,
// apply Range, and write the head. Internal to http/ (plan_static calls it).

#include <string_view>

#include "http/file_entry.hpp"
#include "http/static_file.hpp"

namespace portico::http {

// `entry` was found at `path` (the FileCache key) under these `rules`: the fields it memoises
// depend on both.
// `head_storage` as for plan_static.
ResponsePlan plan_file(const Request& request, const SiteRules& rules, FileEntry& entry,
                       std::string_view path, std::string_view query, const Now& now,
                       std::string head_storage = {});

}  // namespace portico::http
