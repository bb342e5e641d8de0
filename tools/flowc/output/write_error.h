// Writing bytes to a file descriptor, and the one message every command gives
// when a write fails ("flowc: error: cannot write `PATH`: REASON", exit
// kFailedWrite): a full disk or a closed pipe never passes silently.
#pragma once

#include <string>
#include <string_view>

namespace flowc::cli {

// Writes all of `bytes` (retrying short writes and interrupted calls). On
// failure returns false with errno set; `written` says how many made it.
bool write_all(int fd, std::string_view bytes, size_t& written);

// "flowc: error: cannot write `NAME`: REASON" on standard error, REASON
// from the errno value `error` (0: not known any more).
void print_write_error(const std::string& name, int error);

}  // namespace flowc::cli
