// Renders diagnostics as SARIF 2.1.0 (the OASIS Static Analysis Results
// Interchange Format), the format code-scanning services read to annotate a
// pull request: `flowc check --format sarif > flowc.sarif`.
//
// One run of one tool ("flowc"). Its rules are the diagnostic kinds that
// occur, with their code as id, their diagnostic_kinds.def summary as short
// description, and their row of docs/diagnostics.md as full description and
// help, linked to the docs (diagnostic_docs.h); each diagnostic becomes a result pointing at its span (lines
// and columns 1-based, columns in code points, the end exclusive, as SARIF
// counts them), with its notes as related locations and its hint appended to
// the message. Paths stay as given: a relative path is relative to
// `%SRCROOT%`, which the CI service maps to the repository checkout.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc {

// flowc has no release numbering yet; SARIF consumers show this one.
inline constexpr const char* kFlowcToolVersion = "0.1.0";

// A problem of the run itself, not of the program: a root file that cannot
// be read. It becomes a toolExecutionNotification of the run's invocation,
// which is then unsuccessful, so a CI job still gets a valid log that says
// what went wrong (exit 3 stays `flowc check`'s).
struct ToolNotification {
  std::string message;  // "cannot read `x.flow`: ..."
  std::string path;     // the file it is about
};

// Writes one SARIF log (a JSON object, pretty-printed) to `out`. The run
// has one invocation: successful unless there are `notifications`.
void render_sarif(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                  const std::vector<ToolNotification>& notifications = {});

}  // namespace flowc
