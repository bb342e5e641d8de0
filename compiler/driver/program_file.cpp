#include "driver/program_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fmt/format.h>

namespace flowc::driver {

namespace {

FileProblem classify(const struct stat& st, uintmax_t max_bytes) {
  if (!S_ISREG(st.st_mode)) return FileProblem::kNotRegular;
  if (static_cast<uintmax_t>(st.st_size) > max_bytes) return FileProblem::kTooLarge;
  return FileProblem::kNone;
}

// Reads at most `max_bytes` + 1 bytes: one byte more than allowed is enough
// to tell that the file grew past the cap after it was stat()ed.
FileProblem read_capped(int fd, std::string& out, uintmax_t max_bytes, uintmax_t size_hint) {
  out.reserve(static_cast<size_t>(size_hint));
  char buffer[1 << 16];
  while (out.size() <= max_bytes) {
    size_t want = static_cast<size_t>(std::min<uintmax_t>(sizeof buffer, max_bytes + 1 - out.size()));
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileProblem::kUnreadable;
    if (n == 0) return FileProblem::kNone;
    out.append(buffer, static_cast<size_t>(n));
  }
  return FileProblem::kTooLarge;
}

}  // namespace

FileProblem read_program_file(const std::string& path, std::string& out, uintmax_t max_bytes) {
  out.clear();
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return FileProblem::kUnreadable;
  if (FileProblem p = classify(st, max_bytes); p != FileProblem::kNone) return p;
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return FileProblem::kUnreadable;
  // The path may name another file now than at the stat: judge what was opened.
  FileProblem problem = ::fstat(fd, &st) != 0 ? FileProblem::kUnreadable : classify(st, max_bytes);
  if (problem == FileProblem::kNone) problem = read_capped(fd, out, max_bytes, static_cast<uintmax_t>(st.st_size));
  ::close(fd);
  if (problem != FileProblem::kNone) out.clear();
  return problem;
}

std::string describe(FileProblem problem, uintmax_t max_bytes) {
  switch (problem) {
    case FileProblem::kNone: return "can be read";
    case FileProblem::kUnreadable: return "cannot be read";
    case FileProblem::kNotRegular: return "is not a regular file (a folder, device or FIFO)";
    case FileProblem::kTooLarge: return fmt::format("is larger than {} MiB", max_bytes >> 20);
  }
  return "cannot be read";
}

}  // namespace flowc::driver
