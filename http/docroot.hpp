#pragma once
// The narrow window through which http/ sees the file system: open a path beneath the root
// and learn what it is. The server supplies the OS implementation (openat2 on Linux); tests
// supply their own.

#include <cstdint>
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
  not_found,         // no such file, or a component is not a directory
  forbidden,         // permissions, or a symlink the policy refuses
  too_many_files,    // EMFILE/ENFILE: the server is short of descriptors
  failed,            // anything else
};

class Docroot;

// An open file or directory; closes itself through its Docroot.
class FileHandle {
 public:
  FileHandle() = default;
  FileHandle(Docroot* owner, std::intptr_t native) : owner_(owner), native_(native) {}
  FileHandle(FileHandle&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)), native_(other.native_) {}
  FileHandle& operator=(FileHandle&& other) noexcept {
    if (this != &other) {
      reset();
      owner_ = std::exchange(other.owner_, nullptr);
      native_ = other.native_;
    }
    return *this;
  }
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle() { reset(); }

  explicit operator bool() const { return owner_ != nullptr; }
  std::intptr_t native() const { return native_; }
  void reset() noexcept;

 private:
  Docroot* owner_ = nullptr;
  std::intptr_t native_ = -1;
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
};

inline void FileHandle::reset() noexcept {
  if (owner_ != nullptr) owner_->close(native_);
  owner_ = nullptr;
}

}  // namespace portico::http
