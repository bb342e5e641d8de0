// Reads the NDJSON event stream with simdjson, one record per line.
//
// A bad line (not JSON, a missing required field, a wrong-typed property for
// its declared metric or profile schema, an unknown `type`) yields an
// InputError with its line number, a reason and a kind, and reading goes on
// with the next line. Blank lines are skipped, and so is a UTF-8 byte order
// mark at the very start of the stream. A record dated more than
// `max_clock_jump` after the latest record before it is bad input too
// (InputErrorKind::TimeJump): one mistyped year must not move the clock
// centuries ahead.
#pragma once

#include <istream>
#include <memory>

#include "events/record.h"
#include "ir/module.h"

namespace flowc::events {

struct ReaderLimits {
  // The most a record's time may be ahead of the latest record before it
  // (`flowc run --max-clock-jump`, default 400 days).
  int64_t max_clock_jump = 400 * 86400;
};

class EventReader {
 public:
  EventReader(const ir::Module& module, std::istream& input, ReaderLimits limits = {});
  ~EventReader();

  enum class Result { Record, Error, End };
  // Reads the next non-blank line into `record` or `error`.
  Result next(Record& record, InputError& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an RFC 3339 time ("2026-11-01T10:00:00Z", "...+02:00",
// "...10:00:00.5Z") into seconds since 1970 UTC; nullopt when malformed or,
// after the offset is applied, outside in_time_range.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// The same without the range check (years 0000-9999 as written, offsets
// may move it past either end): to tell a malformed time from one out of range.
std::optional<int64_t> parse_rfc3339_any_year(std::string_view text);
// Formats seconds since 1970 as "2026-11-01T10:00:00Z".
std::string format_rfc3339(int64_t seconds);

}  // namespace flowc::events
