#include "scenario/run_test.h"

#include <fmt/format.h>

#include <sstream>

#include "engine/engine.h"
#include "events/reader.h"

namespace flowc::cli::scenario {

namespace {

// The activity NDJSON as objects.
std::vector<nlohmann::json> read_activity(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

RunOutput run_test(const CompiledProgram& program, const TestFile& file, const TestCase& test) {
  // The records as an event stream: line n is test.given[n - 1], so the
  // reader's line numbers lead back to the test file.
  std::string stream;
  for (const Given& g : test.given) stream += g.json + "\n";
  std::istringstream events_in(stream);
  std::ostringstream activity_out;
  engine::ActivityWriter activity(&activity_out);
  engine::Engine engine(program.module, *program.evaluator, activity);
  events::EventReader reader(program.module, events_in);
  RunOutput out;
  events::Record record;
  events::InputError error;
  for (;;) {
    events::EventReader::Result r = reader.next(record, error);
    if (r == events::EventReader::Result::End) break;
    if (r == events::EventReader::Result::Error) {
      Place at = error.line >= 1 && error.line <= test.given.size() ? test.given[error.line - 1].at : test.at;
      out.errors.push_back(fmt::format("{}:{}:{}: error: bad record: {}", file.path, at.line, at.col, error.reason));
      continue;
    }
    engine.process(record);
  }
  engine.settle();
  if (test.run == RunMode::Until) engine.advance_to(test.until);
  else if (test.run == RunMode::Drain) engine.drain();
  const engine::Report report = engine.final_report();
  out.activity = read_activity(activity_out.str());
  out.report = nlohmann::json::parse(report.to_json(program.module));
  return out;
}

}  // namespace flowc::cli::scenario
