#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace flowc {

const std::vector<DiagnosticInfo>& all_diagnostic_kinds() {
  static const std::vector<DiagnosticInfo> table = {
#define DIAGNOSTIC(Name, Sev, Code, Summary) {DiagnosticKind::Name, Severity::Sev, Code, #Name, Summary},
#include "diag/diagnostic_kinds.def"
  };
  return table;
}

const DiagnosticInfo& info(DiagnosticKind kind) { return all_diagnostic_kinds()[static_cast<size_t>(kind)]; }

Diagnostic& DiagnosticSink::report(DiagnosticKind kind, Span span, std::string message) {
  for (const Diagnostic& d : diagnostics_) {
    if (d.kind == kind && d.span.file == span.file && d.span.begin == span.begin && d.span.end == span.end &&
        d.message == message) {
      last_was_duplicate_ = true;
      scratch_ = Diagnostic{kind, info(kind).severity, span, std::move(message), {}, {}};
      return scratch_;
    }
  }
  last_was_duplicate_ = false;
  diagnostics_.push_back(Diagnostic{kind, info(kind).severity, span, std::move(message), {}, {}});
  return diagnostics_.back();
}

DiagnosticSink& DiagnosticSink::note(Span span, std::string message) {
  Diagnostic& d = last_was_duplicate_ || diagnostics_.empty() ? scratch_ : diagnostics_.back();
  d.notes.push_back(Note{span, std::move(message)});
  return *this;
}

DiagnosticSink& DiagnosticSink::hint(std::string text) {
  Diagnostic& d = last_was_duplicate_ || diagnostics_.empty() ? scratch_ : diagnostics_.back();
  d.hint = std::move(text);
  return *this;
}

size_t DiagnosticSink::error_count() const {
  return std::count_if(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticSink::warning_count() const {
  return std::count_if(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(a.span.file, a.span.begin, std::string(a.code())) <
           std::make_tuple(b.span.file, b.span.begin, std::string(b.code()));
  });
  return out;
}

}  // namespace flowc
