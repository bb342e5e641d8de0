#include "lsp/names.h"

#include <cctype>

namespace flowc::lsp {

bool is_identifier(std::string_view text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string string_literal(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string written_name(std::string_view name) {
  return is_identifier(name) ? std::string(name) : string_literal(name);
}

}  // namespace flowc::lsp
