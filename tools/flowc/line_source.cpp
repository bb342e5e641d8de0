#include "line_source.h"

#include <unistd.h>

#include <cerrno>

namespace flowc::cli {

LineSource::Read LineSource::read_some(std::vector<std::string>& lines, bool take_partial, bool& partial_taken) {
  partial_taken = false;
  char block[1 << 16];
  ssize_t n;
  do n = ::read(fd_, block, sizeof block);
  while (n < 0 && errno == EINTR);
  if (n < 0) return errno == EAGAIN ? Read::Some : Read::Failed;
  if (n == 0) {
    if (take_partial && !partial_.empty()) {
      offset_ += partial_.size();
      lines.push_back(std::move(partial_));
      partial_.clear();
      partial_taken = true;
    }
    return Read::End;
  }
  size_t start = 0;
  for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
    if (block[i] != '\n') continue;
    partial_.append(block + start, i - start);
    offset_ += partial_.size() + 1;
    lines.push_back(std::move(partial_));
    partial_.clear();
    start = i + 1;
  }
  partial_.append(block + start, static_cast<size_t>(n) - start);
  return Read::Some;
}

}  // namespace flowc::cli
