#include "lsp/signature_help.h"

#include <cctype>
#include <vector>

#include "lsp/builtins.h"

namespace flowc::lsp {

namespace {

struct OpenCall {
  std::string name;  // the identifier before `(`, "" for a plain parenthesis
  int commas = 0;
};

// The calls open at the end of `line`, innermost last.
std::vector<OpenCall> open_calls(const std::string& line) {
  std::vector<OpenCall> open;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      break;  // a comment
    } else if (c == '(') {
      size_t start = i;
      while (start > 0 && (std::isalnum(static_cast<unsigned char>(line[start - 1])) || line[start - 1] == '_')) --start;
      open.push_back({line.substr(start, i - start), 0});
    } else if (c == ')') {
      if (!open.empty()) open.pop_back();
    } else if (c == ',' && !open.empty()) {
      ++open.back().commas;
    }
  }
  return open;
}

// The parameters' [start, end) offsets in a signature label: between its
// first `(` and the matching `)`, split at top-level ", ".
nlohmann::json parameters_of(const std::string& label) {
  nlohmann::json out = nlohmann::json::array();
  const size_t open = label.find('(');
  if (open == std::string::npos) return out;
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open + 1; i < label.size(); ++i) {
    const char c = label[i];
    if (c == '(' || c == '[') ++depth;
    else if ((c == ')' || c == ']') && depth > 0) --depth;
    else if ((c == ')' && depth == 0) || (c == ',' && depth == 0)) {
      if (i > start) out.push_back({{"label", {start, i}}});
      if (c == ')') break;
      start = i + 2;  // after ", "
    }
  }
  return out;
}

}  // namespace

nlohmann::json signature_help(const std::string& text, Position position) {
  const size_t end = byte_offset_of(text, position);
  const size_t line_start = end == 0 ? 0 : (text.rfind('\n', end - 1) == std::string::npos ? 0 : text.rfind('\n', end - 1) + 1);
  const std::vector<OpenCall> calls = open_calls(text.substr(line_start, end - line_start));
  for (auto call = calls.rbegin(); call != calls.rend(); ++call) {
    for (const BuiltinFunction& f : builtin_functions()) {
      if (call->name != f.name) continue;
      const nlohmann::json parameters = parameters_of(f.signature);
      const int active = parameters.empty() ? 0 : std::min<int>(call->commas, static_cast<int>(parameters.size()) - 1);
      return {{"signatures",
               {{{"label", f.signature},
                 {"documentation", {{"kind", "markdown"}, {"value", f.doc}}},
                 {"parameters", parameters}}}},
              {"activeSignature", 0},
              {"activeParameter", active}};
    }
    if (!call->name.empty()) return nullptr;  // inside a call the server does not know
  }
  return nullptr;
}

}  // namespace flowc::lsp
