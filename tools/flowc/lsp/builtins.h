// The language's built-in functions and aggregates as the editor shows
// them: completion lists the functions, signature help shows both.
#pragma once

#include <vector>

namespace flowc::lsp {

struct BuiltinFunction {
  const char* name;
  const char* signature;  // "name(param, param) -> type": parameters split at top-level ", "
  const char* doc;
  bool aggregate;  // count / sum / last: a metric, not an expression
};

const std::vector<BuiltinFunction>& builtin_functions();

}  // namespace flowc::lsp
