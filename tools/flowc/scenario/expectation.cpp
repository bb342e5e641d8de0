#include "scenario/expectation.h"

#include <fmt/format.h>

#include <cmath>

#include "events/reader.h"
#include "scenario/activity_text.h"

namespace flowc::cli::scenario {

namespace {

using nlohmann::json;

// The activity record type each form is about.
const char* record_type(ExpectKind kind) {
  switch (kind) {
    case ExpectKind::Send:
    case ExpectKind::SendCount: return "send";
    case ExpectKind::Skip: return "skip";
    case ExpectKind::Defer: return "deferred";
    case ExpectKind::Review: return "review_queued";
    case ExpectKind::Enter: return "enter";
    case ExpectKind::Exit: return "exit";
    case ExpectKind::ListChange: return "list_change";
    case ExpectKind::Property: return "profile_update";
    case ExpectKind::Alert: return "alert";
    case ExpectKind::SessionEnd: return "session_end";
    case ExpectKind::Report: return "";
  }
  return "";
}

std::string text_of(const json& record, const char* key) {
  auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : "";
}

bool same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return std::abs(a.get<double>() - b.get<double>()) < 1e-9;
  return a == b;
}

bool same_time(const json& record, const char* key, const std::optional<int64_t>& time) {
  if (!time) return true;
  std::optional<int64_t> actual = events::parse_rfc3339(text_of(record, key));
  return actual && *actual == *time;
}

bool contains_text(const json& record, const std::string& text) {
  if (text.empty()) return true;
  for (const char* key : {"subject", "preview", "title", "body", "text"})
    if (text_of(record, key).find(text) != std::string::npos) return true;
  return false;
}

// Whether `record` is one the expectation describes (negation aside).
bool matches(const Expectation& e, const json& record) {
  auto is = [&](const char* key, const std::string& want) { return want.empty() || text_of(record, key) == want; };
  if (text_of(record, "type") != record_type(e.kind)) return false;
  if (!is("profile", e.profile) || !is("channel", e.channel) || !is("step", e.step) || !is("reason", e.reason))
    return false;
  if (!same_time(record, "time", e.time) || !same_time(record, "until", e.until)) return false;
  if (!contains_text(record, e.containing)) return false;
  switch (e.kind) {
    case ExpectKind::Enter:
    case ExpectKind::Exit:
    case ExpectKind::SessionEnd: return is("name", e.name);
    case ExpectKind::ListChange: return is("list", e.name) && is("action", e.action) && is("name", e.from);
    case ExpectKind::Alert: return is("to", e.name);
    case ExpectKind::Property:
      return is("property", e.path.at(0)) && record.contains("value") && same_value(record["value"], e.value) &&
             is("name", e.from);
    default: return is("name", e.from);
  }
}

// The record an expectation asks for, in activity_text's layout; what it
// leaves open is left out ("any time" for the time).
std::string pattern_text(const Expectation& e) {
  std::string time = e.time ? events::format_rfc3339(*e.time) : "(any time)";
  std::string what;
  auto add = [&](const std::string& piece) { what += (what.empty() ? "" : " ") + piece; };
  if (!e.channel.empty()) add(e.channel);
  if (!e.step.empty()) add(quote_name(e.step));
  if (e.kind == ExpectKind::Enter || e.kind == ExpectKind::Exit) add("flow " + quote_name(e.name));
  if (e.kind == ExpectKind::SessionEnd) add("automation " + quote_name(e.name));
  if (!e.from.empty()) add("from " + quote_name(e.from));
  if (e.kind == ExpectKind::ListChange) add(e.action + " list " + quote_name(e.name));
  if (e.kind == ExpectKind::Property) add(e.path.at(0) + " = " + e.value.dump());
  if (!e.reason.empty()) add("reason " + e.reason);
  if (e.until) add("until " + events::format_rfc3339(*e.until));
  if (e.kind == ExpectKind::Alert) add("to " + e.name);
  if (!e.containing.empty()) add("containing \"" + e.containing + "\"");
  return fmt::format("{:<20}  {:<14} {}", time, record_type(e.kind), what);
}

// The "got" side: every record of the profile (or every alert), marking
// with `>` those the expectation rules out.
std::string got_text(const Expectation& e, const RunOutput& out, bool mark) {
  std::vector<const json*> records;
  for (const json& r : out.activity) {
    bool alert_wanted = e.kind == ExpectKind::Alert && e.profile.empty() && text_of(r, "type") == "alert";
    if (alert_wanted || (!e.profile.empty() && text_of(r, "profile") == e.profile)) records.push_back(&r);
  }
  std::string whose = e.profile.empty() ? "alerts" : fmt::format("activity of {}", quote_name(e.profile));
  if (records.empty()) return fmt::format("    got no {}\n", whose);
  std::string text = mark ? fmt::format("    got, the {} (> marks what it rules out):\n", whose)
                          : fmt::format("    got, the {}:\n", whose);
  const size_t kMax = 40;
  for (size_t i = 0; i < records.size() && i < kMax; ++i)
    text += fmt::format("    {} {}\n", mark && matches(e, *records[i]) ? ">" : " ", activity_text(*records[i]));
  if (records.size() > kMax) text += fmt::format("      ... {} more\n", records.size() - kMax);
  return text;
}

std::string path_text(const std::vector<std::string>& path, size_t length) {
  std::string text;
  for (size_t i = 0; i < length && i < path.size(); ++i) {
    if (i) text += '.';
    text += quote_name(path[i]);
  }
  return text;
}

bool compare(const json& actual, const std::string& op, const json& wanted) {
  if (op == "==") return same_value(actual, wanted);
  if (op == "!=") return !same_value(actual, wanted);
  if (!actual.is_number()) return false;
  double a = actual.get<double>(), w = wanted.get<double>();
  return op == "<" ? a < w : op == "<=" ? a <= w : op == ">" ? a > w : a >= w;
}

std::optional<std::string> check_report(const Expectation& e, const json& report) {
  std::string expected = fmt::format("    expected report {} {} {}\n", path_text(e.path, e.path.size()), e.op, e.value.dump());
  const json* at = &report;
  for (size_t i = 0; i < e.path.size(); ++i) {
    if (!at->is_object() || !at->contains(e.path[i])) {
      std::string keys;
      if (at->is_object())
        for (auto it = at->begin(); it != at->end(); ++it) keys += (keys.empty() ? "" : ", ") + quote_name(it.key());
      std::string where = i == 0 ? "the report" : path_text(e.path, i);
      return expected + fmt::format("    got no key `{}` in {} ({})\n", e.path[i], where,
                                    keys.empty() ? "it has no keys" : "it has " + keys);
    }
    at = &(*at)[e.path[i]];
  }
  if (compare(*at, e.op, e.value)) return std::nullopt;
  return expected + fmt::format("    got      {}\n", at->dump());
}

std::optional<std::string> check_count(const Expectation& e, const RunOutput& out) {
  int64_t n = 0;
  for (const json& r : out.activity) n += matches(e, r);
  if (n == e.count) return std::nullopt;
  std::string on = e.channel.empty() ? "" : " on " + e.channel;
  return fmt::format("    expected {} send{}{} to {}, got {}\n", e.count, e.count == 1 ? "" : "s", on,
                     quote_name(e.profile), n) +
         got_text(e, out, true);
}

}  // namespace

std::optional<std::string> check_expectation(const Expectation& e, const RunOutput& out) {
  if (e.kind == ExpectKind::Report) return check_report(e, out.report);
  if (e.kind == ExpectKind::SendCount) return check_count(e, out);
  bool found = false;
  for (const json& r : out.activity) found = found || matches(e, r);
  if (found != e.negated) return std::nullopt;
  std::string expected = e.negated ? "    expected no record like\n" : "    expected a record like\n";
  return expected + "      " + pattern_text(e) + "\n" + got_text(e, out, e.negated);
}

}  // namespace flowc::cli::scenario
