#include "output/whole_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <iostream>

#include "output/write_error.h"

namespace flowc::cli {

namespace {

namespace fs = std::filesystem;

// The mode a file created by open(path, ..., 0666) would get.
mode_t new_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// A device or FIFO: opened and written as it is.
bool write_in_place(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  size_t written = 0;
  bool ok = fd >= 0 && write_all(fd, bytes, written);
  int error = errno;
  if (fd >= 0 && ::close(fd) != 0 && ok) ok = false, error = errno;
  if (!ok) print_write_error(path, error);
  return ok;
}

// Writes `bytes` to the new temporary file `fd`: all of it, with the
// permissions `mode`, on disk before the rename makes it the file.
bool fill_temporary(int fd, std::string_view bytes, mode_t mode) {
  size_t written = 0;
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, bytes, written) && ::fsync(fd) == 0;
  int error = errno;
  if (::close(fd) != 0 && ok) return false;
  errno = error;
  return ok;
}

// A regular file, old or new: a temporary sibling renamed over it.
bool replace_file(const std::string& path, std::string_view bytes, const struct stat* old) {
  std::error_code ec;
  fs::path target = old ? fs::canonical(path, ec) : fs::path(path);
  if (ec) target = path;
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  // Hidden, and named after the file, should a crash leave it behind.
  std::string temporary = (folder / fmt::format(".{}.flowc-XXXXXX", target.filename().string())).string();
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    print_write_error(path, errno);
    return false;
  }
  mode_t mode = old ? old->st_mode & 07777 : new_file_mode();
  if (fill_temporary(fd, bytes, mode) && ::rename(temporary.c_str(), target.c_str()) == 0) return true;
  int error = errno;
  ::unlink(temporary.c_str());
  print_write_error(path, error);
  return false;
}

}  // namespace

bool write_whole_file(const std::string& path, std::string_view bytes) {
  if (path == "-") {
    std::cout << bytes;  // failures are reported once, at exit
    return true;
  }
  struct stat status;
  bool exists = ::stat(path.c_str(), &status) == 0;
  if (exists && !S_ISREG(status.st_mode)) return write_in_place(path, bytes);
  return replace_file(path, bytes, exists ? &status : nullptr);
}

}  // namespace flowc::cli
