// The state folder: marker checks, creation and the flock(2) lock.
#include "state/state_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace flowc::state {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarkerWord = "flowc-state";
constexpr size_t kMaxMarkerBytes = 64;  // a marker is one short line

bool is_empty_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && fs::directory_iterator(path, ec) == fs::directory_iterator();
}

// A folder with nothing in it, or only what a kill while open() was making
// it left behind (the lock file, the marker before its rename): a new state.
bool is_empty_or_unmade(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return false;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != kLockFile && name != std::string(kMarkerFile) + ".tmp") return false;
  }
  return !ec;
}

// Reads the marker's format number; false with a message when it is not a
// marker this or any flowc writes.
bool read_marker(const fs::path& dir, uint64_t& format, std::string& error) {
  fs::path file = dir / kMarkerFile;
  std::ifstream in(file, std::ios::binary);
  std::string text(kMaxMarkerBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  std::istringstream words(text);
  std::string word, number, extra;
  words >> word >> number;
  bool digits = !number.empty() && number.size() <= 9 && number.find_first_not_of("0123456789") == std::string::npos;
  if (!in.bad() && text.size() <= kMaxMarkerBytes && word == kMarkerWord && digits && !(words >> extra)) {
    format = std::stoull(number);
    return true;
  }
  error = fmt::format("`{}` is damaged: expected one line `{} N`; restore the state folder from a backup",
                      file.string(), kMarkerWord);
  return false;
}

bool check_format(const fs::path& dir, uint64_t format, std::string& error) {
  if (format == kStateFormat) return true;
  if (format > kStateFormat)
    error = fmt::format("state `{}` has format {}, newer than this flowc reads ({}): use the flowc that wrote it",
                        dir.string(), format, kStateFormat);
  else
    error = fmt::format("state `{}` has format {}, which this flowc (format {}) cannot upgrade: "
                        "finish its run with the flowc that wrote it, or run the whole stream again "
                        "into a new state folder",
                        dir.string(), format, kStateFormat);
  return false;
}

// Writes the marker through a temporary file and a rename, so a crash never
// leaves half a marker.
bool write_marker(const fs::path& dir, std::string& error) {
  fs::path file = dir / kMarkerFile, temporary = dir / (std::string(kMarkerFile) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << marker_text(kStateFormat);
    if (!out.flush()) {
      error = fmt::format("cannot write `{}`", temporary.string());
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) error = fmt::format("cannot write `{}`: {}", file.string(), ec.message());
  return !ec;
}

std::string lock_owner(int fd) {
  char text[512];
  ssize_t n = pread(fd, text, sizeof text - 1, 0);
  std::string owner(text, n > 0 ? static_cast<size_t>(n) : 0);
  while (!owner.empty() && (owner.back() == '\n' || owner.back() == '\0')) owner.pop_back();
  return owner.empty() ? "owner not recorded yet" : owner;
}

}  // namespace

std::string marker_text(uint64_t format) { return fmt::format("{} {}\n", kMarkerWord, format); }

StateDir::StateDir(StateDir&& other) noexcept
    : path_(std::move(other.path_)), lock_fd_(std::exchange(other.lock_fd_, -1)), fresh_(other.fresh_) {}

StateDir& StateDir::operator=(StateDir&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) close(lock_fd_);
    path_ = std::move(other.path_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
    fresh_ = other.fresh_;
  }
  return *this;
}

StateDir::~StateDir() {
  if (lock_fd_ >= 0) close(lock_fd_);  // closing the last descriptor releases the flock
}

std::string StateDir::database_path() const { return (fs::path(path_) / kDatabaseFolder).string(); }

bool StateDir::open(const std::string& path, StateDir& dir, std::string& error) {
  fs::path folder(path);
  std::error_code ec;
  bool exists = fs::exists(folder, ec);
  if (exists && !fs::is_directory(folder, ec)) {
    error = fmt::format("state `{}` is not a folder", path);
    return false;
  }
  bool has_marker = exists && fs::exists(folder / kMarkerFile, ec);
  if (exists && !has_marker && !is_empty_or_unmade(folder)) {
    error = fmt::format("`{}` is not a flowc state folder (it has no `{}`): give an empty or new folder", path,
                        kMarkerFile);
    return false;
  }
  if (has_marker) {
    uint64_t format = 0;
    if (!read_marker(folder, format, error) || !check_format(folder, format, error)) return false;
  }
  if (!exists && !fs::create_directories(folder, ec)) {
    error = fmt::format("cannot create the state folder `{}`: {}", path, ec.message());
    return false;
  }

  StateDir taken;
  taken.path_ = path;
  fs::path lock_path = folder / kLockFile;
  taken.lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (taken.lock_fd_ < 0) {
    error = fmt::format("cannot open `{}`: {}", lock_path.string(), std::strerror(errno));
    return false;
  }
  if (flock(taken.lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      error = fmt::format("state `{}` is in use by another flowc ({}); stop it, or use another state folder", path,
                          lock_owner(taken.lock_fd_));
    else
      error = fmt::format("cannot lock `{}`: {}", lock_path.string(), std::strerror(errno));
    return false;
  }
  if (!has_marker && !write_marker(folder, error)) return false;
  fs::path database = folder / kDatabaseFolder;
  taken.fresh_ = !fs::exists(database, ec) || is_empty_folder(database);
  dir = std::move(taken);
  return true;
}

bool StateDir::check_existing(const std::string& path, bool& has_database, std::string& error) {
  fs::path folder(path);
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    error = fmt::format("state `{}` does not exist", path);
    return false;
  }
  if (!fs::is_directory(folder, ec)) {
    error = fmt::format("state `{}` is not a folder", path);
    return false;
  }
  if (!fs::exists(folder / kMarkerFile, ec)) {
    error = fmt::format("`{}` is not a flowc state folder (it has no `{}`)", path, kMarkerFile);
    return false;
  }
  uint64_t format = 0;
  if (!read_marker(folder, format, error) || !check_format(folder, format, error)) return false;
  fs::path database = folder / kDatabaseFolder;
  has_database = fs::exists(database, ec) && !is_empty_folder(database);
  return true;
}

bool StateDir::record_owner(const std::string& command, std::string& error) {
  std::string line = fmt::format("pid {}: {}\n", getpid(), command);
  if (ftruncate(lock_fd_, 0) != 0 || pwrite(lock_fd_, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
    error = fmt::format("cannot write `{}`: {}", (fs::path(path_) / kLockFile).string(), std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace flowc::state
