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

#include <cstddef>
#include <string>
#include <unordered_map>
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
//
// The error limit (clang's -ferror-limit): the first `error_limit` errors
// are kept; the next one is replaced by one TooManyErrors note at its place,
// and from then on the sink has stopped: every further diagnostic is
// dropped, and the parser stops working (phases may ask stopped()). So a
// hostile file costs at most a bounded number of diagnostics, whatever its
// size. 0 means no limit.
class DiagnosticSink {
 public:
  static constexpr size_t kDefaultErrorLimit = 100;

  DiagnosticSink() : error_limit_(default_error_limit_) {}
  // The limit of sinks created from now on: the command line's
  // `--error-limit`, set once before any work starts.
  static void set_default_error_limit(size_t limit) { default_error_limit_ = limit; }
  void set_error_limit(size_t limit) { error_limit_ = limit; }
  size_t error_limit() const { return error_limit_; }
  // True once an error past the limit was dropped.
  bool stopped() const { return stopped_; }

  Diagnostic& report(DiagnosticKind kind, Span span, std::string message);
  // Adds a note or a hint to the diagnostic just reported; safe to chain.
  DiagnosticSink& note(Span span, std::string message);
  DiagnosticSink& hint(std::string text);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return error_count() > 0; }
  // Sorted by file, then position, then code, for stable output.
  std::vector<Diagnostic> sorted() const;

 private:
  // Receives a diagnostic that is not kept (a duplicate, or one past the
  // limit), so that the caller can still fill in notes and a hint.
  Diagnostic& drop(DiagnosticKind kind, Span span, std::string message);
  bool is_duplicate(DiagnosticKind kind, Span span, const std::string& message, size_t hash) const;
  void stop(Span span);

  static inline size_t default_error_limit_ = kDefaultErrorLimit;
  size_t error_limit_;
  bool stopped_ = false;
  bool noted_stop_ = false;  // a TooManyErrors note is in diagnostics_
  size_t errors_ = 0, warnings_ = 0;
  std::vector<Diagnostic> diagnostics_;
  // Indexes of diagnostics_ by a hash of (kind, span, message): finding a
  // duplicate costs O(1), not a scan of everything reported so far.
  std::unordered_multimap<size_t, size_t> by_hash_;
  bool last_was_dropped_ = false;
  Diagnostic scratch_;
};

}  // namespace flowc
