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
//
// The reader also knows where it stands in its input (ReaderPosition): the
// bytes consumed, the line number, the latest record time and a digest of
// every byte consumed. A saved state records that position, so a resumed
// run can check that its input begins with the bytes the state has applied
// and go on after them (docs/state.md, "Input position").
#pragma once

#include <array>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "events/record.h"
#include "ir/module.h"

namespace flowc::events {

struct ReaderLimits {
  // The most a record's time may be ahead of the latest record before it
  // (`flowc run --max-clock-jump`, default 400 days).
  int64_t max_clock_jump = 400 * 86400;
};

// Where a reader stands: everything a resumed reader needs to go on exactly
// as the first one would have. Lines are counted from 1 at the start of the
// input; `consumed` counts every byte read, newlines and skipped blank lines
// included, up to the end of the last line read.
struct ReaderPosition {
  uint64_t consumed = 0;
  uint64_t line_no = 0;
  bool has_latest_time = false;  // false until a good record was read
  int64_t latest_time = 0;       // of the latest good record (`--max-clock-jump`)
  std::array<uint8_t, 16> digest{};  // XXH3-128 of the consumed bytes, big-endian
};

class EventReader {
 public:
  EventReader(const ir::Module& module, std::istream& input, ReaderLimits limits = {});
  ~EventReader();

  enum class Result { Record, Error, End };
  // Reads the next non-blank line into `record` or `error`.
  Result next(Record& record, InputError& error);

  // Decodes one line that the caller read itself (`flowc serve` polls its
  // input and hands the reader complete lines): `raw` without its newline,
  // `terminated` when a newline followed it. A blank line yields End.
  Result decode_line(std::string_view raw, bool terminated, Record& record, InputError& error);

  // Where the reader stands after the last line it read or decoded.
  ReaderPosition position() const;

  // Resumes at `saved`: reads the input's first `saved.consumed` bytes,
  // checks that they hash to `saved.digest`, and takes on the saved line
  // number and latest time, so that reading goes on as if this reader had
  // read them. False, with `error` saying why, when the input is shorter or
  // different; the reader is then unusable.
  bool resume(const ReaderPosition& saved, std::string& error);

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
