// The loop every `flowc run` shares, with or without a state folder: read
// the event stream line by line, hand records to the engine, count bad
// lines (printing those kept in full), and let the caller act between two
// lines (a checkpoint, stopping on a failed write).
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "events/reader.h"

namespace flowc::cli {

struct FeedSettings {
  std::string input_name;     // in messages: the events path or "<stdin>"
  bool strict = false;        // the first bad line ends the run (exit 3)
  uint64_t lines_before = 0;  // lines of earlier parts of the stream (`--state` continuations)
};

// Feeds every line of `reader` (reading `in`) to `engine`. `between_lines`
// runs after each line; when it returns false the loop stops at once
// (kFailedWrite: the caller has said why). Returns kOk at the end of the
// input, kUnreadableInput for a bad line under --strict or a failed read
// (said on standard error).
int feed_events(engine::Engine& engine, events::EventReader& reader, std::istream& in, const FeedSettings& settings,
                const std::function<bool()>& between_lines);

// What feed_line decodes a line into. The caller owns one and hands it to
// every call: a line then allocates nothing of its own, the record's strings
// and vectors keeping their capacity from one line to the next (as
// feed_events keeps its own). Holds nothing between calls that matters.
struct LineBuffers {
  events::Record record;
  events::InputError error;
};

// One line that the caller read itself (a pipe with a journal, `flowc
// serve`): `raw` without its newline, decoded into `buffers` and handled as
// feed_events handles each line. kOk, or kUnreadableInput for a bad line
// under --strict.
int feed_line(engine::Engine& engine, events::EventReader& reader, std::string_view raw, bool terminated,
              const FeedSettings& settings, LineBuffers& buffers);

}  // namespace flowc::cli
