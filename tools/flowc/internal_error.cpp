#include "internal_error.h"

#include <exception>

#include "commands.h"
#include "stdlib/printable.h"

namespace flowc::cli {

int run_reporting_internal_errors(const std::function<int()>& command, std::ostream& errors) {
  try {
    return command();
  } catch (const std::exception& e) {
    errors << "flowc: internal error: " << printable(e.what()) << "\n";
  } catch (...) {
    errors << "flowc: internal error: an unknown exception\n";
  }
  return kInternalError;
}

}  // namespace flowc::cli
