// A unified diff of two texts (`flowc fmt --check`), as `diff -u` prints
// it, made with dtl (Debian libdtl-dev): a reviewer or a CI log sees what
// the formatter would change, not only that it would.
#pragma once

#include <string>

namespace flowc::cli {

// "--- OLD_NAME\n+++ NEW_NAME\n@@ -l,n +l,n @@\n..." with three lines of
// context; "" when the texts are equal.
std::string unified_diff(const std::string& old_text, const std::string& new_text, const std::string& old_name,
                         const std::string& new_name);

}  // namespace flowc::cli
