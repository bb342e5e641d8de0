// Whole-file outputs: the report JSON of `run --report`, the HTML page and
// usage CSV of `report`, the JUnit XML of `test --junit`, the module of
// `build -o` and the files `fmt` rewrites.
//
// A regular file (or a new one) is written to a temporary file in the same
// folder, flushed to disk (fsync) and renamed over the old one, so the file
// holds either its old content or the whole new one, never a cut mix: a
// full disk leaves the old report intact. A symbolic link is followed (its
// target is replaced, the link stays) and the old file's permissions are
// kept. Devices and FIFOs (/dev/stdout, a pipe) cannot be renamed over and
// are written in place; "-" is standard output, checked once at exit
// (standard_output.h).
#pragma once

#include <string>
#include <string_view>

namespace flowc::cli {

// Writes `bytes` as the whole of `path`. On failure says why on standard
// error (naming `path`) and returns false: the command exits kFailedWrite.
bool write_whole_file(const std::string& path, std::string_view bytes);

}  // namespace flowc::cli
