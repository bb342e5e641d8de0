// Diagnostics are data.
//
// A phase that finds a problem in the user's program records a Diagnostic in
// a DiagnosticSink and carries on; it never throws or prints. The driver
// renders the collected list as rustc-style text or JSON (diag/render.h).
// Internal failures (a bug in flowc, an unreadable file named on the command
// line) travel separately, as return values of the driver.
//
// Every kind is listed once in diagnostic_kinds.def with its stable code.
#pragma once

#include <string>
#include <vector>

#include "source/source.h"

namespace flowc {

enum class Severity { Error, Warning, Note };

enum class DiagnosticKind {
#define DIAGNOSTIC(Name, Severity, Code, Summary) Name,
#include "diag/diagnostic_kinds.def"
};

struct DiagnosticInfo {
  DiagnosticKind kind;
  Severity severity;
  const char* code;     // "E013"
  const char* name;     // "UnknownProfileProperty"
  const char* summary;  // one line, for `flowc explain` and docs
};

const DiagnosticInfo& info(DiagnosticKind kind);
const std::vector<DiagnosticInfo>& all_diagnostic_kinds();

struct Note {
  Span span;  // may be invalid: a note without a place
  std::string message;
};

struct Diagnostic {
  DiagnosticKind kind;
  Severity severity;
  Span span;
  std::string message;
  std::vector<Note> notes;
  std::string hint;  // a fix suggestion; empty when there is none

  const char* code() const { return info(kind).code; }
};

// Collects diagnostics. The same kind at the same span with the same message
// is kept once: a message template checked from several flows reports a
// problem that does not depend on the flow only once.
class DiagnosticSink {
 public:
  Diagnostic& report(DiagnosticKind kind, Span span, std::string message);
  // Adds a note or a hint to the diagnostic just reported; safe to chain.
  DiagnosticSink& note(Span span, std::string message);
  DiagnosticSink& hint(std::string text);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  // Sorted by file, then position, then code, for stable output.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  bool last_was_duplicate_ = false;
  Diagnostic scratch_;  // receives notes for a dropped duplicate
};

}  // namespace flowc
