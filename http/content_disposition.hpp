#pragma once
// Content-Disposition for downloads (RFC 6266), with the file name in both forms:
//
//   attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
//               ^ ASCII fallback for old agents ^ RFC 8187 ext-value, preferred when understood

#include <string>
#include <string_view>

namespace portico::http {

// `file_name` is a single path component in UTF-8. In the fallback each non-ASCII character
// (each UTF-8 sequence; each byte of an invalid one) becomes one '_', as do '"', '\\', control
// characters and '%' (some agents percent-decode the plain parameter, RFC 6266 appendix D).
// filename* percent-encodes every byte outside RFC 8187's attr-char. An empty name gives plain
// "attachment", leaving the agent to derive a name from the URL.
std::string attachment_disposition(std::string_view file_name);

}  // namespace portico::http
