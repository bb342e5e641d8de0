#include "diag/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <cstring>
#include <functional>

namespace flowc {

const std::vector<DiagnosticInfo>& all_diagnostic_kinds() {
  static const std::vector<DiagnosticInfo> table = {
#define DIAGNOSTIC(Name, Sev, Code, Summary) {DiagnosticKind::Name, Severity::Sev, Code, #Name, Summary},
#include "diag/diagnostic_kinds.def"
  };
  return table;
}

const DiagnosticInfo& info(DiagnosticKind kind) { return all_diagnostic_kinds()[static_cast<size_t>(kind)]; }

namespace {

size_t hash_of(DiagnosticKind kind, Span span, const std::string& message) {
  size_t h = std::hash<std::string>{}(message);
  for (uint64_t part : {uint64_t(kind), uint64_t(span.file), uint64_t(span.begin), uint64_t(span.end)})
    h ^= std::hash<uint64_t>{}(part) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

bool DiagnosticSink::is_duplicate(DiagnosticKind kind, Span span, const std::string& message, size_t hash) const {
  auto [first, last] = by_hash_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const Diagnostic& d = diagnostics_[it->second];
    if (d.kind == kind && d.span.file == span.file && d.span.begin == span.begin && d.span.end == span.end &&
        d.message == message)
      return true;
  }
  return false;
}

Diagnostic& DiagnosticSink::drop(DiagnosticKind kind, Span span, std::string message) {
  last_was_dropped_ = true;
  scratch_ = Diagnostic{kind, info(kind).severity, span, std::move(message), {}, {}};
  return scratch_;
}

void DiagnosticSink::stop(Span span) {
  stopped_ = true;
  if (noted_stop_) return;  // a replayed sink (the language server's) already says so
  noted_stop_ = true;
  diagnostics_.push_back(Diagnostic{DiagnosticKind::TooManyErrors, Severity::Note, span,
                                    fmt::format("too many errors (more than {}); stopping here", error_limit_), {},
                                    "`--error-limit N` raises the limit; `--error-limit 0` reports every error"});
}

Diagnostic& DiagnosticSink::report(DiagnosticKind kind, Span span, std::string message) {
  if (stopped_) return drop(kind, span, std::move(message));
  Severity severity = info(kind).severity;
  size_t hash = hash_of(kind, span, message);
  if (is_duplicate(kind, span, message, hash)) return drop(kind, span, std::move(message));
  if (severity == Severity::Error && error_limit_ != 0 && errors_ >= error_limit_) {
    stop(span);
    return drop(kind, span, std::move(message));
  }
  last_was_dropped_ = false;
  if (kind == DiagnosticKind::TooManyErrors) noted_stop_ = true;
  if (severity == Severity::Error) ++errors_;
  if (severity == Severity::Warning) ++warnings_;
  by_hash_.emplace(hash, diagnostics_.size());
  diagnostics_.push_back(Diagnostic{kind, severity, span, std::move(message), {}, {}});
  return diagnostics_.back();
}

DiagnosticSink& DiagnosticSink::note(Span span, std::string message) {
  Diagnostic& d = last_was_dropped_ || diagnostics_.empty() ? scratch_ : diagnostics_.back();
  d.notes.push_back(Note{span, std::move(message)});
  return *this;
}

DiagnosticSink& DiagnosticSink::hint(std::string text) {
  Diagnostic& d = last_was_dropped_ || diagnostics_.empty() ? scratch_ : diagnostics_.back();
  d.hint = std::move(text);
  return *this;
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  // The "too many errors" note ends the list wherever it points.
  auto last = [](const Diagnostic& d) { return d.kind == DiagnosticKind::TooManyErrors; };
  // Two at the same place with the same code keep the order they were
  // reported in: the report's index is the last key (std::stable_sort would
  // do that, but its libstdc++ 12 buffer draws a deprecation warning from
  // clang, which builds the fuzz targets).
  std::vector<size_t> order(diagnostics_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) {
    const Diagnostic& a = diagnostics_[i];
    const Diagnostic& b = diagnostics_[j];
    if (last(a) != last(b)) return last(b);
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (int c = std::strcmp(a.code(), b.code()); c != 0) return c < 0;
    return i < j;
  });
  std::vector<Diagnostic> out;
  out.reserve(order.size());
  for (size_t i : order) out.push_back(diagnostics_[i]);
  return out;
}

}  // namespace flowc
