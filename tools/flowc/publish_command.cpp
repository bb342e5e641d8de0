// `flowc publish`: an event file into a partitioned JetStream stream
// (docs/scale-out-design.md, 2.1-2.4). Each line is read and checked against
// the program's schema exactly as `flowc run` reads it (a bad line is
// reported the same way and published nowhere), routed by
// partition::Router, and published on `NAME.in.<partition>` with the
// router's message id, so publishing the same file again adds nothing.
#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "events/reader.h"
#include "input_file.h"
#include "nats/jetstream.h"
#include "partition/router.h"
#include "program_input.h"
#include "stdlib/duration.h"
#include "stdlib/printable.h"

namespace flowc::cli {

namespace {

constexpr const char* kPartitionsPrefix = "flowc partitions=";

// A stream name is also a subject token: letters, digits, `-` and `_`.
bool valid_stream_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// The partition count a stream was made with (its description), 0 if it
// was not made by flowc.
uint32_t partitions_of(const nats::StreamInfo& info) {
  const std::string& d = info.description;
  if (d.rfind(kPartitionsPrefix, 0) != 0) return 0;
  try {
    return static_cast<uint32_t>(std::stoul(d.substr(std::string_view(kPartitionsPrefix).size())));
  } catch (const std::exception&) {
    return 0;
  }
}

// Chooses the partition count and makes (or checks) the stream; 0 and a
// message on standard error when the stream does not fit.
uint32_t open_stream(nats::JetStream& js, const PublishOptions& options, int64_t dedupe_seconds) {
  uint32_t partitions = options.partitions;
  if (std::optional<nats::StreamInfo> existing = js.stream_info(options.stream)) {
    const uint32_t made_with = partitions_of(*existing);
    if (made_with == 0) {
      std::cerr << fmt::format("flowc: error: stream `{}` was not made by `flowc publish`; choose another --stream\n",
                               options.stream);
      return 0;
    }
    if (partitions != 0 && partitions != made_with) {
      std::cerr << fmt::format("flowc: error: stream `{}` has {} partitions, not {}: the count is fixed when the "
                               "stream is made\n",
                               options.stream, made_with, partitions);
      return 0;
    }
    partitions = made_with;
  }
  if (partitions == 0) partitions = 1;
  nats::StreamConfig config;
  config.name = options.stream;
  config.subjects = {options.stream + ".in.*"};
  config.description = kPartitionsPrefix + std::to_string(partitions);
  config.duplicate_window_seconds = dedupe_seconds;
  js.ensure_stream(config);
  return partitions;
}

std::string message_text(const partition::Delivery& d) {
  if (d.kind == partition::Delivery::Kind::Tick)
    return fmt::format(R"({{"type":"tick","time":"{}"}})", events::format_rfc3339(d.time));
  return R"({"type":"end"})";
}

struct Counts {
  uint64_t records = 0, bad_lines = 0, messages = 0;
};

// Publishes every line of `in`; returns an exit code.
int publish_lines(std::istream& in, const PublishOptions& options, const ir::Module& module,
                  events::ReaderLimits limits, nats::JetStream& js, partition::Router& router, Counts& counts) {
  std::istringstream nothing;  // the reader decodes lines handed to it
  events::EventReader reader(module, nothing, limits);
  const std::string input_name = options.events == "-" ? "<stdin>" : options.events;
  std::string line;
  events::Record record;
  events::InputError error;
  std::vector<partition::Delivery> deliveries;
  while (std::getline(in, line)) {
    const bool terminated = !in.eof();
    const events::EventReader::Result r = reader.decode_line(line, terminated, record, error);
    if (r == events::EventReader::Result::End) continue;
    if (r == events::EventReader::Result::Error) {
      if (counts.bad_lines++ < options.max_input_errors || options.strict)
        std::cerr << fmt::format("{}:{}: bad record: {}\n", input_name, error.line, printable(error.reason));
      if (options.strict) return kUnreadableInput;
      continue;
    }
    ++counts.records;
    deliveries.clear();
    router.route(record, line, deliveries);
    for (const partition::Delivery& d : deliveries) {
      const std::string subject = fmt::format("{}.in.{}", options.stream, d.partition);
      nats::Headers headers;
      if (d.kind == partition::Delivery::Kind::Record) {
        headers.emplace_back("Flowc-Line", std::to_string(record.line));  // for the worker's messages
        if (d.late_at >= 0) headers.emplace_back("Flowc-Late-At", events::format_rfc3339(d.late_at));
        if (d.copies > 1) headers.emplace_back("Flowc-Copies", std::to_string(d.copies));
        js.publish(subject, line, d.message_id, headers);
      } else {
        js.publish(subject, message_text(d), d.message_id);
      }
      ++counts.messages;
    }
  }
  if (in.bad()) {
    std::cerr << fmt::format("flowc: error: cannot read events `{}`: a read failed\n", input_name);
    return kUnreadableInput;
  }
  return kOk;
}

}  // namespace

int run_publish(const PublishOptions& options) {
  if (!valid_stream_name(options.stream)) {
    std::cerr << fmt::format("flowc: error: `--stream {}` is not a stream name: use letters, digits, `-` and `_`\n",
                             options.stream);
    return kBadCommandLine;
  }
  constexpr int64_t kLongestMinutes = INT64_MAX / 60;
  const std::optional<int64_t> window = stdlib::parse_duration_minutes(options.dedupe_window, kLongestMinutes);
  const std::optional<int64_t> jump = stdlib::parse_duration_minutes(options.max_clock_jump, kLongestMinutes);
  if (!window || *window <= 0 || !jump || *jump <= 0) {
    std::cerr << fmt::format("flowc: error: `{}` is not a duration such as 24h, 30m or 2d\n",
                             !window || *window <= 0 ? options.dedupe_window : options.max_clock_jump);
    return kBadCommandLine;
  }
  ir::Module module;
  if (int code = load_module({options.program}, options.allowed_paths, module)) return code;

  std::ifstream file;
  if (options.events != "-") {
    std::string why;
    if (!open_input_file(options.events, file, why)) {
      std::cerr << fmt::format("flowc: error: cannot read events `{}`: {}\n", options.events, why);
      return kUnreadableInput;
    }
  }
  std::istream& in = options.events == "-" ? std::cin : file;

  Counts counts;
  uint32_t partitions = 0;
  try {
    std::unique_ptr<nats::JetStream> js = nats::JetStream::connect(options.nats);
    partitions = open_stream(*js, options, *window * 60);
    if (partitions == 0) return kBadCommandLine;
    partition::Router router(partitions);
    events::ReaderLimits limits;
    limits.max_clock_jump = *jump * 60;
    if (int code = publish_lines(in, options, module, limits, *js, router, counts)) return code;
    if (options.drain) {
      std::vector<partition::Delivery> ends;
      router.end(ends);
      for (const partition::Delivery& d : ends) {
        js->publish(fmt::format("{}.in.{}", options.stream, d.partition), message_text(d), d.message_id);
        ++counts.messages;
      }
    }
    const nats::JetStream::Acks acks = js->wait_for_acks();
    if (!options.quiet)
      std::cerr << fmt::format("flowc publish: {} records ({} bad lines) as {} messages over {} partitions of `{}`: "
                               "{} new, {} already there\n",
                               counts.records, counts.bad_lines, counts.messages, partitions, options.stream,
                               acks.stored, acks.duplicates);
  } catch (const nats::Error& e) {
    std::cerr << "flowc: error: " << printable(e.what()) << "\n";
    return kFailedWrite;
  }
  return kOk;
}

}  // namespace flowc::cli
