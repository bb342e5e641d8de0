// Input files named on the command line that are read as streams: the
// events of `run`, the report and activity of `report`. A folder, or a
// file whose reading fails part way, is unreadable input (exit 3), never
// an empty file: `--events some/folder` must not be a run of 0 records.
// (Program files and modules are read by driver::read_file.)
#pragma once

#include <fstream>
#include <string>
#include <vector>

namespace flowc::cli {

// Opens `path` for reading; false with the reason ("it is a folder", the
// system's "No such file or directory") in `why`. After reading, the
// stream's bad() says whether a read failed part way.
bool open_input_file(const std::string& path, std::ifstream& in, std::string& why);

// Reads the whole of `path` into `text`; false with the reason in `why`.
bool read_input_file(const std::string& path, std::string& text, std::string& why);

// `check -` and `fmt -`: a program file from standard input, bounded as
// program files are (16 MiB: driver/program_file.h); false with the reason.
bool read_program_from_stdin(std::string& text, std::string& why);
// `-` is standard input only alone: with other files, says so and returns
// the bad-command-line exit code; otherwise 0.
int refuse_mixed_stdin(const std::vector<std::string>& files);
// The name standard input's program goes by in diagnostics and for its
// imports: `--stdin-filename`, or "<stdin>" (imports from the current folder).
std::string stdin_name(const std::string& stdin_filename);

}  // namespace flowc::cli
