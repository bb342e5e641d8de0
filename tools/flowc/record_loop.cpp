#include "record_loop.h"

#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "commands.h"
#include "stdlib/printable.h"

namespace flowc::cli {

namespace {

// A decoded line's work: the record to the engine, or the bad line counted.
int handle_line(engine::Engine& engine, events::EventReader::Result r, const events::Record& record,
                const events::InputError& error, const FeedSettings& settings) {
  if (r == events::EventReader::Result::Record) {
    engine.process(record);
    return kOk;
  }
  if (r == events::EventReader::Result::End) return kOk;  // a blank line
  // The report numbers lines over the whole stream; standard error gives
  // the file's own line, which is what a person looks up.
  events::InputError in_stream = error;
  in_stream.line += settings.lines_before;
  // Past --max-input-errors a bad line is only counted, here as in the report.
  if (engine.input_error(in_stream) || settings.strict)
    std::cerr << fmt::format("{}:{}: bad record: {}\n", settings.input_name, error.line, printable(error.reason));
  return settings.strict ? kUnreadableInput : kOk;
}

}  // namespace

int feed_line(engine::Engine& engine, events::EventReader& reader, std::string_view raw, bool terminated,
              const FeedSettings& settings, LineBuffers& buffers) {
  const events::EventReader::Result r = reader.decode_line(raw, terminated, buffers.record, buffers.error);
  return handle_line(engine, r, buffers.record, buffers.error, settings);
}

int feed_events(engine::Engine& engine, events::EventReader& reader, std::istream& in, const FeedSettings& settings,
                const std::function<bool()>& between_lines) {
  events::Record record;
  events::InputError error;
  for (;;) {
    const events::EventReader::Result r = reader.next(record, error);
    if (r == events::EventReader::Result::End) break;
    if (int code = handle_line(engine, r, record, error, settings)) return code;
    if (!between_lines()) return kFailedWrite;
  }
  // A read that failed (EIO; a folder as standard input, which std::cin
  // reads through C's stdin) is not the end of the events.
  if (in.bad() || (&in == &std::cin && std::ferror(stdin))) {
    std::cerr << fmt::format("flowc: error: cannot read events `{}`: a read failed\n", settings.input_name);
    return kUnreadableInput;
  }
  return kOk;
}

}  // namespace flowc::cli
