// The program's pieces in words, for node labels: durations, waits, day
// sets, names and statuses.
#include <fmt/format.h>

#include <cctype>

#include "graph/builder.h"

namespace flowc::graph {

namespace {

std::string count_of(int64_t n, const char* unit) { return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s"); }

const char* kDayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

}  // namespace

std::string duration_words(int64_t minutes) {
  std::vector<std::string> parts;
  int64_t days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60;
  // Weeks only when they are whole: "90 days" reads better than "12 weeks 6 days".
  if (days > 0 && days % 7 == 0) parts.push_back(count_of(days / 7, "week"));
  else if (days > 0) parts.push_back(count_of(days, "day"));
  if (hours > 0) parts.push_back(count_of(hours, "hour"));
  if (rest > 0 || parts.empty()) parts.push_back(count_of(rest, "minute"));
  return fmt::format("{}", fmt::join(parts, " "));
}

std::string time_of_day(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

std::string days_words(ast::DaySet days) {
  if (days == 0 || days == 0x7F) return "any day";
  if (days == 0x1F) return "weekdays";
  if (days == 0x60) return "weekends";
  std::vector<std::string> names;
  for (int d = 0; d < 7; ++d)
    if (days & (1 << d)) names.push_back(kDayNames[d]);
  if (names.size() == 1) return names[0];
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} or {}", fmt::join(names, ", "), last);
}

std::string wait_words(const ast::Step& step) {
  std::string words;
  if (step.kind == ast::StepKind::WaitUntil) {
    words = "wait until " + time_of_day(step.at_minute.value_or(0));
  } else if (step.at_minute) {
    words = fmt::format("wait {}, until {}", count_of(step.duration_minutes / 1440, "calendar day"),
                        time_of_day(*step.at_minute));
  } else {
    words = "wait " + duration_words(step.duration_minutes);
  }
  if (step.days != 0) words += (step.kind == ast::StepKind::WaitUntil ? " on " : ", on ") + days_words(step.days);
  return words;
}

std::string quoted(const std::string& name) {
  bool identifier = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return identifier ? name : "\"" + name + "\"";
}

std::string shortened(const std::string& text, size_t max) {
  std::string one_line;
  for (char c : text) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (one_line.empty() || one_line.back() == ' ')) continue;
    one_line += space ? ' ' : c;
  }
  while (!one_line.empty() && one_line.back() == ' ') one_line.pop_back();
  if (one_line.size() <= max) return one_line;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(one_line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return one_line.substr(0, cut) + "…";
}

std::string status_words(ast::Status status) {
  switch (status) {
    case ast::Status::Live: return "live";
    case ast::Status::Manual: return "manual: held for review";
    case ast::Status::Draft: return "draft: not sent";
  }
  return "";
}

Look look_of(ast::Status status) {
  switch (status) {
    case ast::Status::Live: return Look::Normal;
    case ast::Status::Manual: return Look::Manual;
    case ast::Status::Draft: return Look::Draft;
  }
  return Look::Normal;
}

}  // namespace flowc::graph
