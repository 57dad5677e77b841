#pragma once
// Shared by the messages of the loader and the command line. Values come from files and
// command lines we do not control; escaping keeps each message on one line and keeps terminal
// control sequences out of the output.

#include <string>
#include <string_view>

namespace portico::config {

// `text` with '"', '\' and control characters escaped (as \" \\ \xNN).
std::string escape(std::string_view text);

// escape(text) in double quotes, for values inside messages.
std::string quote(std::string_view text);

}  // namespace portico::config
