#include "state/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace flowc::state {

namespace {

namespace fs = std::filesystem;

std::string segment_path(const std::string& folder, uint64_t segment) {
  return fmt::format("{}/{:06}.journal", folder, segment);
}

// The segment numbers in the folder, in order; "NNNNNN.journal" only.
bool list_segments(const std::string& folder, std::vector<uint64_t>& segments, std::string& error) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() != 14 || name.compare(6, 8, ".journal") != 0) continue;
    if (!std::all_of(name.begin(), name.begin() + 6, [](char c) { return c >= '0' && c <= '9'; })) continue;
    segments.push_back(std::stoull(name.substr(0, 6)));
  }
  if (ec) {
    error = fmt::format("cannot list `{}`: {}", folder, ec.message());
    return false;
  }
  std::sort(segments.begin(), segments.end());
  return true;
}

bool read_whole(const std::string& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read `{}`: {}", path, std::strerror(errno));
    return false;
  }
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = fmt::format("cannot read `{}`: a read failed", path);
    return false;
  }
  return true;
}

// Hands the entries of one segment to `apply`; false with `stopped` when
// apply asked to stop, or with `error` set.
bool replay_segment(const std::string& path, uint64_t segment, uint64_t from_offset,
                    const std::function<bool(const JournalEntry&, bool)>& apply, bool& stopped,
                    std::string& error) {
  std::string text;
  if (!read_whole(path, text, error)) return false;
  size_t at = 0;
  for (uint64_t line = 1;; ++line) {
    const size_t newline = text.find('\n', at);
    if (newline == std::string::npos) return true;  // the end, or a torn last entry never applied
    const std::string_view entry(text.data() + at, newline - at);
    const bool known = entry.size() >= 2 && entry[1] == ' ' && std::strchr("RCPS", entry[0]) != nullptr;
    if (!known) {
      error = fmt::format("`{}` line {}: not a journal entry (R, C, P or S and a space)", path, line);
      return false;
    }
    const bool before_start = at < from_offset;
    JournalEntry e{entry[0], entry.substr(2), {segment, newline + 1}};
    at = newline + 1;
    if (before_start && e.kind != 'S') continue;
    if (!apply(e, before_start)) {
      stopped = true;
      return true;
    }
  }
}

}  // namespace

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

bool Journal::open(const std::string& state_dir, std::string& error) {
  folder_ = state_dir + "/journal";
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec) {
    error = fmt::format("cannot create `{}`: {}", folder_, ec.message());
    return false;
  }
  std::vector<uint64_t> segments;
  if (!list_segments(folder_, segments, error)) return false;
  return create_segment(segments.empty() ? 1 : segments.back() + 1, error);
}

bool Journal::create_segment(uint64_t segment, std::string& error) {
  const std::string path = segment_path(folder_, segment);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot create `{}`: {}", path, std::strerror(errno));
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  segment_ = segment;
  offset_ = 0;
  return header_.empty() || append(header_, error);
}

bool Journal::append(std::string_view entries, std::string& error) {
  size_t done = 0;
  while (done < entries.size()) {
    const ssize_t n = ::write(fd_, entries.data() + done, entries.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = fmt::format("cannot write `{}`: {}", segment_path(folder_, segment_), std::strerror(errno));
      return false;
    }
    done += static_cast<size_t>(n);
  }
  offset_ += entries.size();
  return true;
}

bool Journal::sync(std::string& error) {
  if (::fdatasync(fd_) == 0) return true;
  error = fmt::format("cannot sync `{}`: {}", segment_path(folder_, segment_), std::strerror(errno));
  return false;
}

bool Journal::start_segment_after_commit(const JournalPosition& applied, std::string& error) {
  std::vector<uint64_t> segments;
  if (!list_segments(folder_, segments, error)) return false;
  for (uint64_t segment : segments) {
    if (segment >= applied.segment) break;
    const std::string path = segment_path(folder_, segment);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      error = fmt::format("cannot delete `{}`: {}", path, std::strerror(errno));
      return false;
    }
  }
  // A segment with nothing past its header stays the current one: no file
  // per idle checkpoint.
  if (offset_ <= header_.size()) return true;
  return create_segment(segment_ + 1, error);
}

bool replay_journal(const std::string& state_dir, const JournalPosition& from,
                    const std::function<bool(const JournalEntry&, bool before_start)>& apply, std::string& error) {
  const std::string folder = state_dir + "/journal";
  std::error_code ec;
  if (!fs::exists(folder, ec)) return true;
  std::vector<uint64_t> segments;
  if (!list_segments(folder, segments, error)) return false;
  for (uint64_t segment : segments) {
    if (segment < from.segment) continue;
    bool stopped = false;
    const uint64_t offset = segment == from.segment ? from.offset : 0;
    if (!replay_segment(segment_path(folder, segment), segment, offset, apply, stopped, error)) return false;
    if (stopped) return true;
  }
  return true;
}

}  // namespace flowc::state
