// What docs/diagnostics.md says of each diagnostic code, built into flowc
// (compiler/CMakeLists.txt embeds the file): the row of its table "Where
// each diagnostic points". SARIF rules carry it as their full description
// and help (render_sarif.cpp), so a code-scanning service shows the same
// words as the docs, and the two cannot drift apart.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flowc {

struct DiagnosticDoc {
  std::string meaning;    // Markdown, as the table writes it
  std::string points_at;  // Markdown
};

// The row of `code` ("E013"), or nothing when the docs have none.
std::optional<DiagnosticDoc> diagnostic_doc(std::string_view code);

// Markdown as plain text: inline code marks (`) dropped.
std::string plain_text(std::string_view markdown);

// Where the docs of this build can be read (an absolute URI, ending in
// `/`): the build's FLOWC_DOCS_URL when set, else the folder `cmake
// --install` and the Debian package put them in, as a file: URI.
std::string docs_base_uri();

}  // namespace flowc
