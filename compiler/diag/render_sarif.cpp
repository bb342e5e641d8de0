#include "diag/render_sarif.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "diag/diagnostic_docs.h"

namespace flowc {

namespace {

using Json = nlohmann::ordered_json;

// SARIF levels are our severities, spelled the same.
const char* sarif_level(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// A file path as a URI reference (RFC 3986): a relative path stays relative
// (to %SRCROOT%) with unsafe bytes percent-encoded; an absolute one becomes a
// file: URI, which needs no base.
std::string path_uri(const std::string& path, bool& relative) {
  std::string p = path;
  while (p.rfind("./", 0) == 0) p = p.substr(2);
  relative = p.empty() || p[0] != '/';
  std::string out = relative ? "" : "file://";
  for (unsigned char c : p) {
    bool safe = std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
    if (safe) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Json physical_location(const SourceManager& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  bool relative = true;
  Json artifact;
  artifact["uri"] = path_uri(file.path(), relative);
  if (relative) artifact["uriBaseId"] = "%SRCROOT%";
  LineCol start = file.line_col(span.begin), end = file.line_col(std::max(span.end, span.begin));
  Json region;
  region["startLine"] = start.line;
  region["startColumn"] = start.col;
  region["endLine"] = end.line;
  region["endColumn"] = end.col;  // exclusive: the column after the span, as Span::end is
  Json physical;
  physical["artifactLocation"] = artifact;
  physical["region"] = region;
  return physical;
}

bool placed(const SourceManager& sources, Span span) { return span.valid() && span.file < sources.size(); }

// The message a person reads in the annotation: ours, then notes that have
// no place (those with one become related locations), then the hint.
std::string message_text(const SourceManager& sources, const Diagnostic& d) {
  std::string text = d.message;
  for (const Note& n : d.notes)
    if (!placed(sources, n.span)) text += "\nnote: " + n.message;
  if (!d.hint.empty()) text += "\nhelp: " + d.hint;
  return text;
}

Json result(const SourceManager& sources, const Diagnostic& d, size_t rule_index) {
  Json r;
  r["ruleId"] = d.code();
  r["ruleIndex"] = rule_index;
  r["level"] = sarif_level(d.severity);
  r["message"]["text"] = message_text(sources, d);
  r["locations"] = Json::array();
  if (placed(sources, d.span)) r["locations"].push_back({{"physicalLocation", physical_location(sources, d.span)}});
  Json related = Json::array();
  for (const Note& n : d.notes) {
    if (!placed(sources, n.span)) continue;
    Json loc;
    loc["id"] = related.size() + 1;
    loc["physicalLocation"] = physical_location(sources, n.span);
    loc["message"]["text"] = n.message;
    related.push_back(loc);
  }
  if (!related.empty()) r["relatedLocations"] = related;
  return r;
}

// The row of docs/diagnostics.md that describes `code` (each row holds
// an anchor, `<a id="e013"></a>`; GitHub renders it as a link target).
std::string diagnostics_help_uri(std::string_view code) {
  std::string anchor(code);
  for (char& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return docs_base_uri() + "diagnostics.md#" + anchor;
}

// A rule as GitHub code scanning wants it (fullDescription and help are
// required there): the summary `flowc explain` prints, and the code's row
// of docs/diagnostics.md as full description and help.
Json rule(const DiagnosticInfo& info) {
  Json r;
  r["id"] = info.code;
  r["name"] = info.name;
  r["shortDescription"]["text"] = info.summary;
  const std::optional<DiagnosticDoc> doc = diagnostic_doc(info.code);
  const std::string meaning = doc ? doc->meaning : info.summary;
  r["fullDescription"]["text"] = plain_text(meaning);
  std::string text = plain_text(meaning) + ".";
  std::string markdown = "**" + std::string(info.code) + "** " + meaning + ".";
  if (doc) {
    text += " It points at: " + plain_text(doc->points_at) + ".";
    markdown += "\n\nIt points at: " + doc->points_at + ".";
  }
  text += std::string(" `flowc explain ") + info.code + "` prints the summary.";
  markdown += std::string("\n\n`flowc explain ") + info.code + "` prints the summary; [docs/diagnostics.md](" +
              diagnostics_help_uri(info.code) + ").";
  r["help"]["text"] = text;
  r["help"]["markdown"] = markdown;
  r["helpUri"] = diagnostics_help_uri(info.code);
  r["defaultConfiguration"]["level"] = sarif_level(info.severity);
  return r;
}

// The run's one invocation: whether it succeeded, and why not.
Json invocation(const std::vector<ToolNotification>& notifications) {
  Json invocation;
  invocation["executionSuccessful"] = notifications.empty();
  if (notifications.empty()) return invocation;
  Json list = Json::array();
  for (const ToolNotification& n : notifications) {
    bool relative = true;
    Json artifact;
    artifact["uri"] = path_uri(n.path, relative);
    if (relative) artifact["uriBaseId"] = "%SRCROOT%";
    Json notification;
    notification["level"] = "error";
    notification["message"]["text"] = n.message;
    notification["locations"] = Json::array({{{"physicalLocation", {{"artifactLocation", artifact}}}}});
    list.push_back(notification);
  }
  invocation["toolExecutionNotifications"] = list;
  return invocation;
}

}  // namespace

void render_sarif(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                  const std::vector<ToolNotification>& notifications) {
  // Rules: the kinds that occur, ordered by code so the output is stable.
  std::map<std::string, const DiagnosticInfo*> used;
  for (const Diagnostic& d : diagnostics) used[d.code()] = &info(d.kind);
  std::map<std::string, size_t> rule_index;
  Json rules = Json::array();
  for (const auto& [code, kind] : used) {
    rule_index[code] = rules.size();
    rules.push_back(rule(*kind));
  }
  Json driver;
  driver["name"] = "flowc";
  driver["version"] = kFlowcToolVersion;
  driver["informationUri"] = docs_base_uri() + "tooling.md";
  driver["rules"] = rules;

  Json results = Json::array();
  for (const Diagnostic& d : diagnostics) results.push_back(result(sources, d, rule_index[d.code()]));

  Json run;
  run["tool"]["driver"] = driver;
  run["invocations"] = Json::array({invocation(notifications)});
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = results;

  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  out << log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace flowc
