#include "scenario/activity_text.h"

#include <fmt/format.h>

#include <cctype>

namespace flowc::cli::scenario {

namespace {

std::string field(const nlohmann::json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::string quote_name(const std::string& name) {
  bool bare = !name.empty();
  for (unsigned char c : name) bare = bare && (std::isalnum(c) || c == '_' || c == '-' || c == '@' || c == '.');
  return bare ? name : "\"" + name + "\"";
}

std::string activity_text(const nlohmann::json& record) {
  std::string line = fmt::format("{}  {:<14}", field(record, "time"), field(record, "type"));
  std::string what;
  if (record.contains("channel")) what += field(record, "channel") + " ";
  if (record.contains("step")) what += quote_name(field(record, "step")) + " ";
  if (record.contains("source")) what += fmt::format("{} {} ", field(record, "source"), quote_name(field(record, "name")));
  if (record.contains("list")) what += fmt::format("{} list {} ", field(record, "action"), quote_name(field(record, "list")));
  if (record.contains("property")) what += fmt::format("{} = {} ", field(record, "property"), record["value"].dump());
  for (const char* key : {"reason", "until"})
    if (record.contains(key)) what += fmt::format("{} {} ", key, field(record, key));
  if (field(record, "type") == "alert") what += fmt::format("to {}: {} ", field(record, "to"), field(record, "text"));
  while (!what.empty() && what.back() == ' ') what.pop_back();
  return line + " " + what;
}

}  // namespace flowc::cli::scenario
