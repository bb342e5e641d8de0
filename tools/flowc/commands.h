// The flowc subcommands. Each returns the process exit code (RUNTIME.md
// section 1): 0 ok, 1 the program has errors, 2 bad command line,
// 3 unreadable input files.
#pragma once

#include <string>
#include <vector>

namespace flowc::cli {

enum ExitCode { kOk = 0, kProgramErrors = 1, kBadCommandLine = 2, kUnreadableInput = 3 };

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json
  bool color = false;
  bool warnings_as_errors = false;
};

int run_check(const CheckOptions& options);
int run_dump_ast(const std::vector<std::string>& files);
int run_explain(const std::string& code);

}  // namespace flowc::cli
