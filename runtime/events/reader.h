// Reads the NDJSON event stream with simdjson, one record per line.
//
// A bad line (not JSON, a missing required field, a wrong-typed property for
// its declared metric or profile schema, an unknown `type`) yields an
// InputError with its line number and a reason, and reading goes on with the
// next line. Blank lines are skipped.
#pragma once

#include <istream>
#include <memory>

#include "events/record.h"
#include "ir/module.h"

namespace flowc::events {

class EventReader {
 public:
  EventReader(const ir::Module& module, std::istream& input);
  ~EventReader();

  enum class Result { Record, Error, End };
  // Reads the next non-blank line into `record` or `error`.
  Result next(Record& record, InputError& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an RFC 3339 time ("2026-11-01T10:00:00Z", "...+02:00",
// "...10:00:00.5Z") into seconds since 1970 UTC.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// Formats seconds since 1970 as "2026-11-01T10:00:00Z".
std::string format_rfc3339(int64_t seconds);

}  // namespace flowc::events
