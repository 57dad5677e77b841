#pragma once
// The response for one regular file: choose a precompressed variant, evaluate preconditions,
// apply Range, and write the head. Internal to http/ (plan_static calls it).

#include <string_view>

#include "http/static_file.hpp"

namespace portico::http {

ResponsePlan plan_file(const Request& request, const SiteRules& rules, Docroot& root,
                       std::string_view path, Opened original, std::string_view query,
                       const Now& now);

}  // namespace portico::http
