// Renders diagnostics for people (rustc-style text) and for tools (JSON).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc {

// path:line:col: error[E013]: message
//     3 |   if profile.vipp {
//       |      ^^^^^^^^^^^^
//       = help: did you mean `vip`?
void render_text(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                 bool color = false);

// One JSON object per line: {"file","line","col","end_line","end_col",
// "severity","code","message","notes":[...],"hint"}.
void render_json(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics);

const char* severity_name(Severity severity);

// "path:line:col" of a span's start.
std::string location(const SourceManager& sources, Span span);

}  // namespace flowc
