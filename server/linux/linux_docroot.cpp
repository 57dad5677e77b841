#include "server/linux/linux_docroot.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace portico::server {
namespace {

http::OpenError classify(int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
      return http::OpenError::not_found;
    case EACCES:
    case EPERM:
    case EXDEV:  // RESOLVE_BENEATH: the path (or a symlink in it) leaves the root
    case ELOOP:  // RESOLVE_NO_SYMLINKS / NO_MAGICLINKS, or a symlink loop
      return http::OpenError::forbidden;
    case EMFILE:
    case ENFILE:
      return http::OpenError::too_many_files;
    default:
      return http::OpenError::failed;
  }
}

}  // namespace

LinuxDocroot::LinuxDocroot(const std::filesystem::path& root, config::Symlinks symlinks) {
  root_fd_ = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "open(" + root.string() + ")");
  resolve_flags_ = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  if (symlinks == config::Symlinks::off) resolve_flags_ |= RESOLVE_NO_SYMLINKS;
}

LinuxDocroot::~LinuxDocroot() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

http::Opened LinuxDocroot::open(std::string_view path) {
  // "/a/b" names "a/b" beneath the root; "/" is the root itself.
  std::string relative(path.substr(path.find_first_not_of('/') == std::string_view::npos
                                       ? path.size()
                                       : path.find_first_not_of('/')));
  if (relative.empty()) relative = ".";
  open_how how{};
  // O_NONBLOCK: opening a FIFO or a device must never stall the worker.
  how.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  how.resolve = resolve_flags_;
  int fd;
  do {
    fd = static_cast<int>(syscall(SYS_openat2, root_fd_, relative.c_str(), &how, sizeof how));
  } while (fd < 0 && errno == EAGAIN);  // openat2 may ask for a retry under rename races
  http::Opened result;
  if (fd < 0) {
    result.error = classify(errno);
    return result;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    result.error = http::OpenError::failed;
    ::close(fd);
    return result;
  }
  result.file = http::FileHandle(this, fd);
  result.stat.kind = S_ISREG(st.st_mode)   ? http::FileStat::Kind::regular
                     : S_ISDIR(st.st_mode) ? http::FileStat::Kind::directory
                                           : http::FileStat::Kind::other;
  result.stat.size = static_cast<std::uint64_t>(st.st_size);
  result.stat.mtime_sec = st.st_mtim.tv_sec;
  result.stat.mtime_nsec = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
  return result;
}

http::Listing LinuxDocroot::list(std::string_view path) {
  http::Listing listing;
  http::Opened dir = open(path);
  if (dir.error != http::OpenError::none || dir.stat.kind != http::FileStat::Kind::directory) {
    listing.error = dir.error != http::OpenError::none ? dir.error : http::OpenError::not_found;
    return listing;
  }
  const int fd = dup(static_cast<int>(dir.file.native()));
  DIR* stream = fd >= 0 ? fdopendir(fd) : nullptr;
  if (stream == nullptr) {
    if (fd >= 0) ::close(fd);
    listing.error = classify(errno);
    return listing;
  }
  std::string prefix(path);
  if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
  while (const dirent* entry = readdir(stream)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (fstatat(dirfd(stream), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    http::DirEntry item{std::string(name), {}};
    if (S_ISLNK(st.st_mode)) {
      // Listed only when it resolves beneath the root, exactly as a request for it would.
      const http::Opened target = open(prefix + item.name);
      if (target.error != http::OpenError::none) continue;
      item.stat = target.stat;
    } else {
      item.stat.kind = S_ISREG(st.st_mode)   ? http::FileStat::Kind::regular
                       : S_ISDIR(st.st_mode) ? http::FileStat::Kind::directory
                                             : http::FileStat::Kind::other;
      item.stat.size = static_cast<std::uint64_t>(st.st_size);
      item.stat.mtime_sec = st.st_mtim.tv_sec;
      item.stat.mtime_nsec = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
    }
    if (item.stat.kind == http::FileStat::Kind::other) continue;  // FIFOs, sockets, devices
    listing.entries.push_back(std::move(item));
  }
  closedir(stream);
  return listing;
}

void LinuxDocroot::close(std::intptr_t native) noexcept {
  ::close(static_cast<int>(native));
}

std::int64_t LinuxDocroot::read(std::intptr_t native, std::uint64_t offset, std::span<char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = pread(static_cast<int>(native), out.data() + done, out.size() - done,
                            static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;  // shorter than expected: the caller compares with the size
    done += static_cast<std::size_t>(n);
  }
  return static_cast<std::int64_t>(done);
}

}  // namespace portico::server
