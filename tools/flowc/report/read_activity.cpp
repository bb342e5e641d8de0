// Reading the activity NDJSON `flowc run --out` writes (docs/runtime.md,
// "Activity"), keeping only the fields the report's outputs use, and the
// sends per day counted from it (for reports without `sends_by_day`).
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "input_file.h"
#include "report/report.h"

namespace flowc::report {

namespace {

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

ActivityRecord record(const nlohmann::json& j) {
  return {field(j, "time"),    field(j, "type"), field(j, "profile"), field(j, "source"), field(j, "name"),
          field(j, "step"),    field(j, "channel"), field(j, "reason"), field(j, "until")};
}

}  // namespace

bool read_activity(const std::string& path, std::vector<ActivityRecord>& records, ReadError& error) {
  std::ifstream in;
  std::string why;
  if (!cli::open_input_file(path, in, why)) {
    error = {"cannot read `" + path + "`: " + why, 3};
    return false;
  }
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error = {path + ":" + std::to_string(number) + ": not an activity record (expected the NDJSON `flowc run --out` writes)", 3};
      return false;
    }
    records.push_back(record(j));
  }
  if (in.bad()) error = {"cannot read `" + path + "`: a read failed", 3};
  return !in.bad();
}

std::vector<DaySends> sends_by_day(const std::vector<ActivityRecord>& records) {
  std::map<std::string, DaySends> days;
  for (const ActivityRecord& r : records) {
    // Activity times are UTC RFC 3339 ("2026-11-02T09:00:00Z"): the day is the prefix.
    if (r.type != "send" || r.time.size() < 10) continue;
    DaySends& d = days[r.time.substr(0, 10)];
    d.day = r.time.substr(0, 10);
    if (r.channel == "email") ++d.email;
    else if (r.channel == "sms") ++d.sms;
    else if (r.channel == "push") ++d.push;
    else if (r.channel == "whatsapp") ++d.whatsapp;
  }
  std::vector<DaySends> out;
  for (auto& [day, d] : days) out.push_back(d);
  return out;
}

}  // namespace flowc::report
