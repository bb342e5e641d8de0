#include "engine/activity.h"

#include <fmt/format.h>

#include "events/reader.h"

namespace flowc::engine {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

void JsonLine::key(std::string_view k) {
  if (!first_) text_ += ',';
  first_ = false;
  append_json_string(text_, k);
  text_ += ':';
}

JsonLine& JsonLine::str(std::string_view k, std::string_view value) {
  key(k);
  append_json_string(text_, value);
  return *this;
}

JsonLine& JsonLine::num(std::string_view k, int64_t value) {
  key(k);
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::real(std::string_view k, double value) {
  key(k);
  text_ += fmt::format("{}", value);
  return *this;
}

JsonLine& JsonLine::boolean(std::string_view k, bool value) {
  key(k);
  text_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::value(std::string_view k, const ir::Value& value) {
  key(k);
  text_ += ir::to_json(value);
  return *this;
}

JsonLine& JsonLine::raw(std::string_view k, std::string_view json) {
  key(k);
  text_ += json;
  return *this;
}

JsonLine ActivityWriter::start(int64_t time, const char* type, std::string_view profile,
                               const Origin& origin) const {
  JsonLine line;
  line.str("time", events::format_rfc3339(time)).str("type", type);
  if (!profile.empty()) line.str("profile", profile);
  if (origin.source) line.str("source", origin.source).str("name", origin.name);
  if (!origin.step.empty()) line.str("step", origin.step);
  if (origin.channel) line.str("channel", origin.channel);
  return line;
}

void ActivityWriter::emit(const JsonLine& line) {
  ++records_;
  if (out_) *out_ << line.finish() << '\n';
}

}  // namespace flowc::engine
