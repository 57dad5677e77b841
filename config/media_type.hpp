#pragma once
// Syntax check for the media types a config may map extensions to. The text ends up verbatim
// in a Content-Type header, so anything that could split or corrupt a header is refused here.

#include <string_view>

namespace portico::config {

// "type/subtype" per RFC 6838 names, optionally followed by parameters per RFC 9110
// (`; charset=utf-8`, `; a="quoted"`). No control characters anywhere.
bool is_media_type(std::string_view text);

}  // namespace portico::config
