#pragma once
// What the planner knows about one regular file: its handle and stat, prebuilt validator
// strings, its usable precompressed siblings, and (when small) its bytes. Built fresh for each
// request, or kept by the FileCache so that a hit costs no system call.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/accept_encoding.hpp"
#include "http/docroot.hpp"

namespace portico::http {

struct FileVariant {
  Coding coding = Coding::identity;
  FileStat stat;
  FileHandle file;
  std::string etag;
  std::string last_modified;
  std::shared_ptr<const std::string> content;  // the whole file, when small enough
  // The fields of a whole-file 200 (Content-Type through Vary), serialised by the planner the
  // first time it answers one, so that a cache hit does no MIME lookup and no formatting.
  std::string ok_fields;
};

struct FileEntry {
  FileVariant identity;
  std::vector<FileVariant> siblings;  // usable precompressed variants, in br, zstd, gzip order
  std::string stale_sibling;          // a sibling ignored for being older than the file
};

struct EntryOptions {
  bool precompressed = true;
  std::uint64_t max_content = 0;  // files up to this size are read into memory; 0 = none
};

// `opened` is the regular file at `path`, already opened beneath `root`.
FileEntry load_file_entry(Docroot& root, std::string_view path, Opened opened,
                          const EntryOptions& options);

}  // namespace portico::http
