#pragma once
// Escaping for text placed into generated HTML (error pages, directory listings).

#include <string>
#include <string_view>

namespace portico::http {

// Replaces & < > " ' with character references, which makes the result safe both as element
// content and inside a quoted attribute value (either quote style).
std::string html_escape(std::string_view text);

}  // namespace portico::http
