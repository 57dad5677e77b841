#pragma once
// The narrow window through which http/ sees the file system: open a path beneath the root
// and learn what it is. The server supplies the OS implementation (openat2 on Linux); tests
// supply their own.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::http {

struct FileStat {
  enum class Kind : std::uint8_t { regular, directory, other };
  Kind kind = Kind::other;
  std::uint64_t size = 0;
  std::int64_t mtime_sec = 0;
  std::uint32_t mtime_nsec = 0;
};

enum class OpenError : std::uint8_t {
  none,
  not_found,       // no such file, or a component is not a directory
  forbidden,       // permissions, or a symlink the policy refuses
  too_many_files,  // EMFILE/ENFILE: the server is short of descriptors
  failed,          // anything else
};

class Docroot;

// An open file or directory. Copies share it (the open-file cache and the responses sending
// from it); the last copy closes it through its Docroot.
class FileHandle {
 public:
  FileHandle() = default;
  FileHandle(Docroot* owner, std::intptr_t native)
      : owned_(std::make_shared<const Owned>(owner, native)) {}

  explicit operator bool() const { return owned_ != nullptr; }
  std::intptr_t native() const { return owned_ ? owned_->native : -1; }
  void reset() noexcept { owned_.reset(); }

 private:
  struct Owned {
    Owned(Docroot* r, std::intptr_t n) : root(r), native(n) {}
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned();
    Docroot* root;
    std::intptr_t native;
  };
  std::shared_ptr<const Owned> owned_;
};

struct Opened {
  OpenError error = OpenError::none;
  FileHandle file;
  FileStat stat;
};

// One entry of a directory listing; a symlink appears with what it points to.
struct DirEntry {
  std::string name;
  FileStat stat;
};

struct Listing {
  OpenError error = OpenError::none;
  std::vector<DirEntry> entries;  // unsorted; symlinks only when they resolve inside the root
};

class Docroot {
 public:
  virtual ~Docroot() = default;
  // `path` is normalised and starts with '/'; it names something beneath the root.
  virtual Opened open(std::string_view path) = 0;
  virtual Listing list(std::string_view path) = 0;
  virtual void close(std::intptr_t native) noexcept = 0;
  // Reads up to out.size() bytes at `offset`; returns the count, or -1.
  virtual std::int64_t read(std::intptr_t native, std::uint64_t offset, std::span<char> out) = 0;
};

inline FileHandle::Owned::~Owned() {
  root->close(native);
}

}  // namespace portico::http
