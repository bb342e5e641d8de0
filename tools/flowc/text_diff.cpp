#include "text_diff.h"

#include <dtl/dtl.hpp>
#include <sstream>
#include <vector>

namespace flowc::cli {

namespace {

// The lines of a text without their '\n'. A last line without one carries
// diff's "\ No newline at end of file" (printed on the line after it), so
// that a missing final newline shows as a change.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string unified_diff(const std::string& old_text, const std::string& new_text, const std::string& old_name,
                         const std::string& new_name) {
  if (old_text == new_text) return "";
  const std::vector<std::string> a = lines_of(old_text), b = lines_of(new_text);
  dtl::Diff<std::string> diff(a, b);
  diff.onHuge();  // long files: bounded memory (dtl's own switch for large inputs)
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream out;
  out << "--- " << old_name << "\n+++ " << new_name << "\n";
  diff.printUnifiedFormat(out);
  return out.str();
}

}  // namespace flowc::cli
