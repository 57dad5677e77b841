#pragma once
// Windows file-name rules, as pure functions so that they are tested on every OS. The Windows
// backend applies them to every path it opens beneath the document root; on Linux nothing calls
// them (none of these names is special there).
//
// Windows resolves some names to something other than the file they spell:
//   - "name:stream" opens an alternate data stream ("secret.txt::$DATA" is secret.txt itself),
//     "C:..." a drive;
//   - trailing dots and spaces are stripped ("secret.txt." and "secret.txt " open secret.txt,
//     past any check made on the name as written);
//   - device names are devices in every folder, with any extension ("con.txt", "NUL.tar.gz",
//     "com1 .log");
//   - "\" is a separator the URL normaliser does not know about, "//server/share" a UNC path;
//   - an 8.3 short name ("SECRE~1.TXT") opens the file whose long name it abbreviates.
// The first four are refused by name (windows_path_status); short names cannot be told from real
// names by looking at them, so the opened handle's final path is compared with the name asked
// for (final_path_matches).

#include <string_view>

namespace portico::http {

// 0 when the decoded, normalised URL path (http/target_path.hpp: starts with '/', '/'-separated)
// is a name Windows opens as written; else 404, the same answer whether such a file exists or
// not. Refused:
//   - '\', ':', and the other characters Windows forbids in names: < > " | ? * and controls;
//   - a leading "//" (a UNC path) or any empty segment but a trailing one ("dir/");
//   - a segment ending in '.' or ' ' (which includes "." and "..");
//   - a segment that is a device name: CON, PRN, AUX, NUL, COM0-COM9, LPT0-LPT9, CONIN$, CONOUT$,
//     ASCII case-insensitive, alone or followed by spaces and/or an extension ("nul.tar.gz",
//     "Con .txt"). COM and LPT with the superscript digits ¹ ² ³ (UTF-8 C2 B9, C2 B2, C2 B3) are
//     refused too: Windows documents them as device names (ISO 8859-1 superscripts count as
//     digits there), and so do COM0 and LPT0, which it lists as reserved.
int windows_path_status(std::string_view normalised_path);

// True when `opened_final_path`, what GetFinalPathNameByHandleW(VOLUME_NAME_DOS) says of the
// handle that opening `requested_relative` beneath the root gave, names exactly root + that
// name. `root_final_path` is the same call's answer for the root's own handle;
// `requested_relative` is the normalised URL path with or without its leading '/', '/' or '\'
// separated, a trailing separator (a folder) allowed. Both final paths may carry the "\\?\"
// prefix ("\\?\UNC\server\share" for shares) or not. Letters compare case-insensitively in ASCII
// only, as Windows does for these names ("README.TXT" opens readme.txt and is accepted); any
// other difference refuses: an 8.3 short name ("SECRE~1.TXT" opening secret.txt), a link or
// junction that leads elsewhere, a case difference in a non-ASCII letter.
bool final_path_matches(std::wstring_view root_final_path, std::wstring_view requested_relative,
                        std::wstring_view opened_final_path);

}  // namespace portico::http
