#include "output/line_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "output/write_error.h"

namespace flowc::cli {

// Collects characters and writes them out in blocks ending at a line break.
class LineFile::Buffer : public std::streambuf {
 public:
  // A command that stops early (`run --strict`) still leaves the lines it wrote.
  ~Buffer() override {
    write_out(pending_.size());
    if (owned_) ::close(fd_);
  }

  bool open(const std::string& path) {
    if (path.empty() || path == "-") {
      name_ = "standard output";
      fd_ = STDOUT_FILENO;
      return true;
    }
    name_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      print_write_error(name_, errno);
      return false;
    }
    owned_ = true;
    struct stat status;
    can_cut_ = ::fstat(fd_, &status) == 0 && S_ISREG(status.st_mode);
    return true;
  }

  bool open_at(const std::string& path, uint64_t keep) {
    name_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) {
      print_write_error(name_, errno);
      return false;
    }
    owned_ = true;
    can_cut_ = true;
    if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) {
      print_write_error(name_, errno);
      return false;
    }
    committed_ = keep;
    return true;
  }

  bool sync_to_disk() {
    write_out(pending_.size());
    if (!error_ && owned_ && ::fdatasync(fd_) != 0) error_ = errno;
    return !error_;
  }

  int sync_handed_over() const { return owned_ && ::fdatasync(fd_) != 0 ? errno : 0; }

  bool flush() {
    write_out(pending_.size());
    return !error_;
  }

  uint64_t length() const { return committed_; }

  bool failed() const { return error_ != 0; }

  bool close() {
    write_out(pending_.size());
    if (owned_ && ::close(fd_) != 0 && !error_) error_ = errno;
    owned_ = false;
    fd_ = -1;
    if (error_) print_write_error(name_, error_);
    return !error_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (error_) return 0;
    pending_.append(s, static_cast<size_t>(n));
    if (pending_.size() >= kBlock) {
      size_t end = pending_.rfind('\n');
      if (end != std::string::npos) write_out(end + 1);
    }
    return error_ ? 0 : n;
  }

  int sync() override { return error_ ? -1 : 0; }  // lines are written in blocks, not on every flush

 private:
  static constexpr size_t kBlock = 64 * 1024;

  // Writes the first `size` pending bytes (whole lines, but for the tail at close).
  void write_out(size_t size) {
    if (error_ || size == 0) return;
    size_t written = 0;
    if (write_all(fd_, std::string_view(pending_).substr(0, size), written)) {
      committed_ += written;
      pending_.erase(0, size);
      return;
    }
    error_ = errno;
    cut_to_last_line(std::string_view(pending_).substr(0, written));
    pending_.clear();
  }

  // After a failed write: drop the part of a line the system took.
  void cut_to_last_line(std::string_view taken) {
    size_t end = taken.rfind('\n');
    size_t complete = end == std::string_view::npos ? 0 : end + 1;
    if (can_cut_ && complete < taken.size()) (void)::ftruncate(fd_, static_cast<off_t>(committed_ + complete));
  }

  std::string name_;
  int fd_ = -1;
  bool owned_ = false, can_cut_ = false;
  std::string pending_;
  size_t committed_ = 0;  // bytes written, all whole lines
  int error_ = 0;
};

LineFile::LineFile() : buffer_(std::make_unique<Buffer>()), stream_(buffer_.get()) {}
LineFile::~LineFile() = default;

bool LineFile::open(const std::string& path) { return buffer_->open(path); }
bool LineFile::open_at(const std::string& path, uint64_t keep) { return buffer_->open_at(path, keep); }
bool LineFile::sync() { return buffer_->sync_to_disk(); }
bool LineFile::flush() { return buffer_->flush(); }
int LineFile::sync_handed_over() const { return buffer_->sync_handed_over(); }
uint64_t LineFile::length() const { return buffer_->length(); }
bool LineFile::failed() const { return buffer_->failed(); }
bool LineFile::close() { return buffer_->close(); }

}  // namespace flowc::cli
