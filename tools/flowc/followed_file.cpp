#include "followed_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace flowc::cli {

FollowedFile::~FollowedFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool FollowedFile::open(const std::string& source_entry, std::string& error) {
  if (!open_at(0, error)) return false;
  if (source_entry.empty()) return true;
  unsigned long long dev = 0, ino = 0, offset = 0;
  if (std::sscanf(source_entry.c_str(), "%llu:%llu %llu", &dev, &ino, &offset) != 3) {
    error = fmt::format("the journal's source entry `S {}` is not `S DEV:INODE OFFSET`", source_entry);
    return false;
  }
  if (dev != dev_ || ino != ino_) {
    note_ = fmt::format("`{}` is another file than the one read before the restart (rotated): reading it from its start",
                        path_);
    return true;
  }
  return open_at(offset, error);
}

bool FollowedFile::open_at(uint64_t offset, std::string& error) {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat s;
  if (fd < 0 || ::fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
    error = fd < 0 ? fmt::format("cannot read events `{}`: {}", path_, std::strerror(errno))
                   : fmt::format("cannot read events `{}`: it is not a regular file", path_);
    if (fd >= 0) ::close(fd);
    return false;
  }
  if (offset > static_cast<uint64_t>(s.st_size) || ::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    error = fmt::format("events `{}` are {} bytes, fewer than the {} the journal says were read", path_, s.st_size,
                        offset);
    ::close(fd);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  dev_ = s.st_dev;
  ino_ = s.st_ino;
  source_ = std::make_unique<LineSource>(fd_, offset);
  at_end_ = false;
  return true;
}

bool FollowedFile::read(std::vector<std::string>& lines, bool& ended, std::string& error) {
  ended = false;
  bool partial_taken = false;
  const LineSource::Read r = source_->read_some(lines, !follow_, partial_taken);
  if (r == LineSource::Read::Failed) {
    error = fmt::format("cannot read events `{}`: {}", path_, std::strerror(errno));
    return false;
  }
  at_end_ = r == LineSource::Read::End;
  if (!at_end_) return true;
  if (!follow_) {
    ended = true;
    return true;
  }
  return check_rotation(error);
}

// At the end of the file: has the path moved on to another file, or was
// this one cut? A path missing for a moment (between the rename and the
// new file) is waited for.
bool FollowedFile::check_rotation(std::string& error) {
  struct stat s;
  if (::stat(path_.c_str(), &s) != 0) return true;
  if (s.st_dev != dev_ || s.st_ino != ino_) {
    note_ = fmt::format("`{}` was rotated: reading the new file from its start", path_);
    return open_at(0, error);
  }
  if (static_cast<uint64_t>(s.st_size) < source_->offset() + (source_->holds_partial() ? 1 : 0)) {
    note_ = fmt::format("`{}` was cut to {} bytes: reading it again from its start", path_, s.st_size);
    return open_at(0, error);
  }
  return true;
}

std::string FollowedFile::source_entry() const {
  return fmt::format("S {}:{} {}\n", static_cast<unsigned long long>(dev_), static_cast<unsigned long long>(ino_),
                     source_->offset());
}

}  // namespace flowc::cli
