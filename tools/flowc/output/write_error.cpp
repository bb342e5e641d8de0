#include "output/write_error.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace flowc::cli {

bool write_all(int fd, std::string_view bytes, size_t& written) {
  written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {  // no progress and no error: treat as a full device
      errno = ENOSPC;
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

void print_write_error(const std::string& name, int error) {
  std::cerr << "flowc: error: cannot write `" << name << "`: " << (error ? std::strerror(error) : "a write failed") << "\n";
}

}  // namespace flowc::cli
