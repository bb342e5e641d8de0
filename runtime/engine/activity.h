// The activity output (RUNTIME.md section 8): one JSON object per line, in
// processing order. Every record starts with `time`, `type`, `profile`, then,
// where they apply, `source`, `name`, `step`, `channel`, then the fields of
// its type. Keys are written in a fixed order so two runs are byte-identical.
//
// Cost (bench/README.md, "The record path"): a month of activity is millions
// of lines, most of them sends with a whole e-mail body, so a line is built
// in one buffer the writer lends to it and gets back (no allocation once
// the buffer has grown), text is escaped in runs of plain characters, the
// `time` text's date is made once per day of event time, an origin's four
// fields are escaped once per origin (origin_fragments.h), and the finished line
// goes to the stream in one write (the stream's buffer, cli::LineFile for
// files, writes whole lines in 64 KiB blocks).
#pragma once

#include <cstdint>
#include <memory>
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
  JsonLine& boolean(std::string_view key, bool value);
  JsonLine& value(std::string_view key, const ir::Value& value);
  JsonLine& raw(std::string_view key, std::string_view json);

 private:
  friend class ActivityWriter;
  explicit JsonLine(std::string buffer) : text_(std::move(buffer)) {}
  void key(std::string_view k);
  std::string text_;  // "{" and the fields so far
};

// Appends `text` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view text);

// Where a record comes from: a flow, a campaign, an automation. The names
// are views: of the module, or of strings that outlive the record's line.
struct Origin {
  const char* source = nullptr;  // "flow", "campaign", "automation"; null: none
  std::string_view name;
  std::string_view step;
  const char* channel = nullptr;
};

class OriginFragments;

class ActivityWriter {
 public:
  explicit ActivityWriter(std::ostream* out);
  ~ActivityWriter();
  // Starts a record; add fields to the returned line, then call emit().
  JsonLine start(int64_t time, const char* type, std::string_view profile, const Origin& origin);
  void emit(JsonLine& line);
  void emit(JsonLine&& line) { emit(line); }
  uint64_t records() const { return records_; }

 private:
  // The RFC 3339 text of `time`: the date part made again only when the
  // day changes, the time of day written in place.
  std::string_view time_text(int64_t time);

  std::ostream* out_;
  uint64_t records_ = 0;
  std::string spare_;  // the buffer the next line borrows
  int64_t cached_day_ = 0;
  std::string cached_time_text_;  // "YYYY-MM-DDTHH:MM:SSZ" of the latest time
  std::unique_ptr<OriginFragments> origins_;  // origin_fragments.h
};

}  // namespace flowc::engine
