#include "input_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

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

}  // namespace flowc::cli
