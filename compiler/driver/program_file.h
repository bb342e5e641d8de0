// Reading one file of a program (a root, an import, a `body file` template,
// a .flowtest) without trusting what the path names.
//
// A path may name a device (`/dev/zero` never ends), a FIFO (reading it
// blocks until a writer comes, possibly never), a folder, or a file too large
// to be a program. So the file is stat()ed before it is opened, opened with
// O_NONBLOCK (a FIFO swapped in after the stat cannot block the open), checked
// again on the open descriptor, and read up to the size cap and no further.
#pragma once

#include <cstdint>
#include <string>

namespace flowc::driver {

// The largest program file flowc reads (docs/language.md, "Where program
// files may come from").
inline constexpr uintmax_t kMaxProgramFileBytes = uintmax_t{16} << 20;

enum class FileProblem {
  kNone,
  kUnreadable,  // missing, no permission, or a read error
  kNotRegular,  // a folder, device, FIFO or socket
  kTooLarge,    // more than the cap
};

// Reads the whole regular file at `path` into `out` when it is at most
// `max_bytes` long; otherwise says why not and leaves `out` empty.
FileProblem read_program_file(const std::string& path, std::string& out,
                              uintmax_t max_bytes = kMaxProgramFileBytes);

// What is wrong, for a message: "is not a regular file", ...
std::string describe(FileProblem problem, uintmax_t max_bytes = kMaxProgramFileBytes);

}  // namespace flowc::driver
