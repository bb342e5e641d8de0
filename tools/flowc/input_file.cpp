#include "input_file.h"

#include <sys/stat.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <iostream>

#include "commands.h"
#include "driver/program_file.h"

namespace flowc::cli {

bool open_input_file(const std::string& path, std::ifstream& in, std::string& why) {
  struct stat status;
  if (::stat(path.c_str(), &status) != 0) {
    why = std::strerror(errno);
    return false;
  }
  // A folder opens, and then reads as nothing at all.
  if (S_ISDIR(status.st_mode)) {
    why = "it is a folder, not a file";
    return false;
  }
  in.open(path, std::ios::binary);
  if (!in) why = std::strerror(errno);
  return static_cast<bool>(in);
}

bool read_input_file(const std::string& path, std::string& text, std::string& why) {
  std::ifstream in;
  if (!open_input_file(path, in, why)) return false;
  char block[64 * 1024];
  text.clear();
  while (in.read(block, sizeof block) || in.gcount() > 0) text.append(block, static_cast<size_t>(in.gcount()));
  if (in.bad()) why = "a read failed";
  return !in.bad();
}

int refuse_mixed_stdin(const std::vector<std::string>& files) {
  if (files.size() < 2 || std::find(files.begin(), files.end(), "-") == files.end()) return 0;
  std::cerr << "flowc: error: `-` (standard input) must be the only file\n";
  return kBadCommandLine;
}

std::string stdin_name(const std::string& stdin_filename) {
  return stdin_filename.empty() ? "<stdin>" : stdin_filename;
}

bool read_program_from_stdin(std::string& text, std::string& why) {
  char block[64 * 1024];
  text.clear();
  for (;;) {
    const ssize_t n = ::read(0, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    text.append(block, static_cast<size_t>(n));
    if (text.size() > driver::kMaxProgramFileBytes) {
      why = "it " + driver::describe(driver::FileProblem::kTooLarge);
      return false;
    }
  }
}

}  // namespace flowc::cli
