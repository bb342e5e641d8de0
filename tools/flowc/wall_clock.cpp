#include "wall_clock.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#include "events/reader.h"
#include "input_file.h"

namespace flowc::cli {

bool WallClock::start(std::string& error) { return file_.empty() || read_file(error); }

bool WallClock::read_file(std::string& error) {
  struct stat s;
  if (::stat(file_.c_str(), &s) != 0) {
    error = fmt::format("cannot read the clock file `{}`: {}", file_, std::strerror(errno));
    return false;
  }
  mtime_ = s.st_mtim;
  std::string text, why;
  if (!read_input_file(file_, text, why)) {
    error = fmt::format("cannot read the clock file `{}`: {}", file_, why);
    return false;
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const std::optional<int64_t> time = events::parse_rfc3339(text);
  if (!time) {
    error = fmt::format("the clock file `{}` holds `{}`, not an RFC 3339 time such as 2026-11-01T10:00:00Z", file_,
                        text);
    return false;
  }
  time_ = *time;
  return true;
}

int64_t WallClock::now() {
  if (file_.empty())
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  struct stat s;
  const bool changed = ::stat(file_.c_str(), &s) == 0 &&
                       (s.st_mtim.tv_sec != mtime_.tv_sec || s.st_mtim.tv_nsec != mtime_.tv_nsec);
  std::string error;
  if (changed && !read_file(error)) std::cerr << fmt::format("flowc serve: warning: {}; the clock stays\n", error);
  return time_;
}

}  // namespace flowc::cli
