// The activity output (RUNTIME.md section 8): one JSON object per line, in
// processing order. Every record starts with `time`, `type`, `profile`, then,
// where they apply, `source`, `name`, `step`, `channel`, then the fields of
// its type. Keys are written in a fixed order so two runs are byte-identical.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "ir/value.h"

namespace flowc::engine {

// Builds one JSON object with keys in insertion order.
class JsonLine {
 public:
  JsonLine& str(std::string_view key, std::string_view value);
  JsonLine& num(std::string_view key, int64_t value);
  JsonLine& real(std::string_view key, double value);
  JsonLine& boolean(std::string_view key, bool value);
  JsonLine& value(std::string_view key, const ir::Value& value);
  JsonLine& raw(std::string_view key, std::string_view json);
  std::string finish() const { return text_ + "}"; }

 private:
  void key(std::string_view k);
  std::string text_ = "{";
  bool first_ = true;
};

void append_json_string(std::string& out, std::string_view text);

// Where a record comes from: a flow, a campaign, an automation.
struct Origin {
  const char* source = nullptr;  // "flow", "campaign", "automation"; null: none
  std::string name;
  std::string step;
  const char* channel = nullptr;
};

class ActivityWriter {
 public:
  explicit ActivityWriter(std::ostream* out) : out_(out) {}
  // Starts a record; add fields to the returned line, then call emit().
  JsonLine start(int64_t time, const char* type, std::string_view profile, const Origin& origin) const;
  void emit(const JsonLine& line);
  uint64_t records() const { return records_; }

 private:
  std::ostream* out_;
  uint64_t records_ = 0;
};

}  // namespace flowc::engine
