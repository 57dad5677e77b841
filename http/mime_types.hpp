#pragma once
// Content-Type by file extension: a built-in table (IANA registrations first, browser practice
// where they differ) plus the `mime` overrides from the configuration.

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace portico::http {

class MimeTypes {
 public:
  // Keys are ".ext" (the leading dot is optional; case-insensitive). Values are used verbatim,
  // except that a parameterless text/* type gets "; charset=utf-8" like the built-in ones.
  explicit MimeTypes(const std::map<std::string, std::string>& overrides = {});

  // The full Content-Type value for a path, chosen by the extension after the last '.' of its
  // last segment; "application/octet-stream" when there is none or it is unknown. The view stays
  // valid for the lifetime of this object.
  std::string_view lookup(std::string_view path) const;

 private:
  // Lower-case extension without the dot -> Content-Type value.
  std::map<std::string, std::string, std::less<>> overrides_;
};

}  // namespace portico::http
