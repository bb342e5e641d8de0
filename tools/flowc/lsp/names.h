// Names as the language writes them: bare when an identifier, else as a
// string literal. Shared by completion, quick fixes and rename, which all
// write names into a document.
#pragma once

#include <string>
#include <string_view>

namespace flowc::lsp {

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);
// `name` as a string literal: quoted, `"` and `\` escaped.
std::string string_literal(std::string_view name);
// `name` bare when it is an identifier, else as a string literal.
std::string written_name(std::string_view name);

}  // namespace flowc::lsp
