#pragma once
// Status codes the server answers with: their reason phrases and the generated error pages.

#include <string>
#include <string_view>

namespace portico::http {

// The RFC 9110 reason phrase, or "Unknown" for a code the server never sends.
std::string_view reason_phrase(int status);

// A small, complete HTML5 document for an error response: "<status> <reason>" as title and
// heading, `detail` (HTML-escaped) as a paragraph when not empty, and a "portico" footer.
std::string error_page_html(int status, std::string_view detail = {});

}  // namespace portico::http
