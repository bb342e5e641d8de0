// `flowc state inspect DIR [--profile ID]` and `flowc state export DIR
// [-o FILE]`: a state folder for people and their tools (docs/state.md,
// "Reading a state"). Both read the folder without locking or writing it
// (StateStore::load_read_only), so they work on the state of a running
// flowc; the JSON of each record is runtime/state/state_json.h, this file
// only arranges the documents.
#include <algorithm>
#include <array>
#include <iostream>
#include <vector>

#include "commands.h"
#include "output/line_file.h"
#include "state/state_json.h"
#include "state/store.h"
#include "stdlib/printable.h"

namespace flowc::cli {
namespace {

using state::Json;

// How many runs are in each position, wake-ups of each kind, and records of
// each other sort: the size of a state at a glance.
Json counts_json(const state::LoadedState& s) {
  std::array<uint64_t, state::kRunPositionCount> runs{};
  std::array<uint64_t, state::kWakeKindCount> wakes{};
  uint64_t reviews = 0, sessions = 0, deliveries = 0, views = 0;
  for (const state::WakeState& w : s.globals.wakes) ++wakes[static_cast<size_t>(w.kind)];
  for (const state::ProfileState& p : s.profiles) {
    for (const state::RunState& r : p.runs) ++runs[static_cast<size_t>(r.position)];
    for (const state::WakeState& w : p.wakes) ++wakes[static_cast<size_t>(w.kind)];
    reviews += p.reviews.size();
    sessions += p.sessions.size();
    deliveries += p.deliveries.size();
    views += p.views.size();
  }
  Json j = Json::object();
  j["profiles"] = s.profiles.size();
  for (size_t i = 0; i < runs.size(); ++i) j["runs"][state::position_name(static_cast<state::RunPosition>(i))] = runs[i];
  for (size_t i = 0; i < wakes.size(); ++i) j["wakes"][state::wake_kind_name(static_cast<state::WakeKind>(i))] = wakes[i];
  j["reviews"] = reviews;
  j["sessions"] = sessions;
  j["deliveries"] = deliveries;
  j["views"] = views;
  j["sends"] = s.sends.size();
  j["origins"] = s.origins.size();
  j["prices"] = s.prices.size();
  j["input_errors"] = s.input_errors.size();
  j["records"] = s.report.records;
  j["late_records"] = s.report.late_records;
  return j;
}

// One profile as stored, each run with the time its wake-up is due
// ("wakes_at"; null when none is pending: waiting for ever, or ended).
Json profile_view(const state::ProfileState& p) {
  Json j = state::record_json(p);
  Json& runs = j["runs"];
  for (size_t i = 0; i < p.runs.size(); ++i) {
    runs[i]["wakes_at"] = nullptr;
    for (const state::WakeState& w : p.wakes)
      if (w.kind == state::WakeKind::ResumeRun && w.flow == p.runs[i].flow && w.occurrence == p.runs[i].occurrence)
        runs[i]["wakes_at"] = state::time_json(w.time);
  }
  return j;
}

const state::ProfileState* find_profile(const state::LoadedState& s, const std::string& id) {
  for (const state::ProfileState& p : s.profiles)
    if (p.id == id) return &p;
  return nullptr;
}

bool load(const std::string& dir, state::LoadedState& loaded) {
  std::string error;
  if (state::StateStore::load_read_only(dir, loaded, error)) return true;
  std::cerr << "flowc: error: " << printable(error) << "\n";
  return false;
}

// An export line: its `type`, then the record's fields.
Json typed_line(const char* type, const Json& fields) {
  Json line = Json::object();
  line["type"] = type;
  for (const auto& [key, value] : fields.items()) line[key] = value;
  return line;
}

Json state_line(const state::LoadedState& s) {
  Json line = Json::object();
  line["type"] = "state";
  line["format"] = state::record_json(s.format);
  line["checkpoint"] = s.has_checkpoint ? state::record_json(s.checkpoint) : Json(nullptr);
  line["globals"] = state::record_json(s.globals);
  line["report"] = state::record_json(s.report);
  line["program"] = s.program;  // the program's shape, as text (state/program_shape.h)
  line["final_report"] = s.final_report;
  return line;
}

// Every line of the export, in order; false when a write failed.
bool write_export(const state::LoadedState& s, std::ostream& out) {
  auto put = [&](const Json& line) { return static_cast<bool>(out << state::json_text(line) << '\n'); };
  if (!put(state_line(s))) return false;
  std::vector<const state::ProfileState*> by_id;
  for (const state::ProfileState& p : s.profiles) by_id.push_back(&p);
  std::sort(by_id.begin(), by_id.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const state::ProfileState* p : by_id)
    if (!put(typed_line("profile", state::record_json(*p)))) return false;
  for (const state::SendState& r : s.sends)
    if (!put(typed_line("send", state::record_json(r)))) return false;
  for (const state::OriginState& r : s.origins)
    if (!put(typed_line("origin", state::record_json(r)))) return false;
  for (const state::PriceState& r : s.prices)
    if (!put(typed_line("price", state::record_json(r)))) return false;
  for (const state::InputErrorState& r : s.input_errors)
    if (!put(typed_line("input_error", state::record_json(r)))) return false;
  return true;
}

}  // namespace

int run_state_inspect(const StateOptions& options) {
  state::LoadedState loaded;
  if (!load(options.dir, loaded)) return kUnreadableInput;
  const state::ProfileState* profile = nullptr;
  if (!options.profile.empty()) {
    profile = find_profile(loaded, options.profile);
    if (!profile) {
      std::cerr << "flowc: error: state `" << printable(options.dir) << "` has no profile "
                << quoted(options.profile) << "; `flowc state export` lists them all\n";
      return kBadCommandLine;
    }
  }
  Json j = Json::object();
  j["format"] = loaded.format.version;
  j["clock"] = loaded.globals.started ? state::time_json(loaded.globals.clock) : Json(nullptr);
  j["checkpoint"] = loaded.has_checkpoint ? state::record_json(loaded.checkpoint) : Json(nullptr);
  j["counts"] = counts_json(loaded);
  if (profile) j["profile"] = profile_view(*profile);
  std::cout << state::json_text(j, 2) << '\n';
  return kOk;  // main() turns a failed write to standard output into kFailedWrite
}

int run_state_export(const StateOptions& options) {
  state::LoadedState loaded;
  if (!load(options.dir, loaded)) return kUnreadableInput;
  LineFile file;
  if (!file.open(options.output)) return kFailedWrite;
  bool written = write_export(loaded, file.stream());
  // close() names the file and the reason of a failed write.
  return file.close() && written ? kOk : kFailedWrite;
}

}  // namespace flowc::cli
