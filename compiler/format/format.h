// The canonical layout of .flow text (`flowc fmt`, and LSP formatting).
//
// The formatter works from the token stream, comments included, so every
// comment stays where it was; the rules are listed in docs/tooling.md
// ("Formatting"). It is idempotent and never changes meaning: the formatted
// program compiles to the same bytecode.
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostic.h"

namespace flowc::format {

// The canonical layout of one file's text; nullopt when the text has syntax errors (then `sink` has them).
// Their spans are code-point offsets into `text` with file id 0 (register
// the text first in an empty SourceManager to render them).
std::optional<std::string> format_source(const std::string& path, const std::string& text, DiagnosticSink& sink);

}  // namespace flowc::format
