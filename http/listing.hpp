#pragma once
// Directory listings (autoindex): an HTML page or a JSON array, names sorted with
// directories first. Names are escaped for HTML and percent-encoded in links.

#include <string>
#include <string_view>
#include <vector>

#include "http/docroot.hpp"

namespace portico::http {

std::string listing_html(std::string_view directory, std::vector<DirEntry> entries);

// [{"name":"a.txt","type":"file","size":5,"modified":"Sun, 06 Nov 1994 08:49:37 GMT"}, ...]
std::string listing_json(std::vector<DirEntry> entries);

}  // namespace portico::http
