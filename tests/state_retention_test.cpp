// Send-log retention with `--state` (docs/state.md, "Send-log retention"):
// over 70 days of sends with a 1-day attribution window the saved send log
// stays within one window plus two blocks of 8,192 sends, the blocks
// dropped in between are deleted from the store, a run checkpointed and
// resumed across the drops writes what a plain run writes, and an
// engagement on a send older than the window is an unknown send id.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "golden.h"
#include "temp_folder.h"
#include "state/store.h"

namespace fs = std::filesystem;

using flowc::testing::read_text;
using flowc::testing::TempFolder;

namespace {

constexpr int kDays = 70, kPerDay = 300;  // 21,000 sends: two blocks and more
constexpr size_t kBlock = 8192;

const char* const kProgram = R"(account {
  attribution email_click 1d
  attribution email_open 1d
  attribution sms_click 1d
  attribution push_open 1d
}
metric Go {}
email promo { subject "Promo" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
flow "Promo" {
  trigger metric Go
  status live
  send email promo
}
)";

// Day d, person i: a profile and its Go event (28-day months from 2026-01-01:
// every date is valid). With `ends_only`, just the first and the last person:
// their send ids (which depend on the profile, the step and the time) are the
// same as in the whole stream.
void write_stream(const std::string& path, bool ends_only = false) {
  std::ofstream out(path);
  for (int day = 0; day < kDays; ++day)
    for (int i = 0; i < kPerDay; ++i) {
      const bool end = (day == 0 && i == 0) || (day == kDays - 1 && i == kPerDay - 1);
      if (ends_only && !end) continue;
      const int minute = i * 4;  // 300 people over 20 hours
      const std::string time =
          fmt::format("2026-{:02}-{:02}T{:02}:{:02}:00Z", 1 + day / 28, 1 + day % 28, minute / 60, minute % 60);
      const std::string id = fmt::format("d{}p{}", day, i);
      out << fmt::format(R"({{"type":"profile","time":"{}","profile":"{}","email":"{}@x.example"}})", time, id, id)
          << "\n"
          << fmt::format(R"({{"type":"event","time":"{}","profile":"{}","metric":"Go","properties":{{}}}})", time, id)
          << "\n";
    }
}

// The send id of the n-th send record of an activity file.
std::string nth_send_id(const std::string& activity, size_t n) {
  std::istringstream lines(activity);
  std::string line;
  for (size_t seen = 0; std::getline(lines, line);) {
    nlohmann::json record = nlohmann::json::parse(line);
    if (record["type"] == "send" && seen++ == n) return record["send_id"];
  }
  return "";
}

int flowc_run(const std::string& program, const std::string& args) {
  return flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + program + " -q " + args + " 2>/dev/null");
}

}  // namespace

TEST_CASE("the saved send log keeps one attribution window; resumes across its drops are exact", "[state]") {
  TempFolder dir("flowc-state-retention");
  const std::string program = dir / "program.flow", events = dir / "events.ndjson";
  std::ofstream(program) << kProgram;
  write_stream(dir / "ends.ndjson", true);
  REQUIRE(flowc_run(program, "--events " + dir / "ends.ndjson" + " --out " + dir / "ends-activity.ndjson") == 0);
  const std::string ends = read_text(dir / "ends-activity.ndjson");
  const size_t sends = kDays * kPerDay;
  // Two engagements at the end: on the first send (69 days old) and on the last one (hours old).
  write_stream(events);
  {
    std::ofstream more(events, std::ios::app);
    more << R"({"type":"engagement","time":"2026-03-14T23:00:00Z","send_id":")" << nth_send_id(ends, 0)
         << R"(","kind":"open"})" << "\n"
         << R"({"type":"engagement","time":"2026-03-14T23:00:00Z","send_id":")" << nth_send_id(ends, 1)
         << R"(","kind":"open"})" << "\n";
  }
  REQUIRE(flowc_run(program, "--events " + events + " --out " + dir / "plain.ndjson" + " --report " +
                                 dir / "plain.json") == 0);
  nlohmann::json report = nlohmann::json::parse(read_text(dir / "plain.json"));
  REQUIRE(report["input_errors"].size() == 1);
  CHECK(report["input_errors"][0]["reason"].get<std::string>().find("in the last 1d (the longest attribution window)") !=
        std::string::npos);

  // Checkpoints every 5,000 lines, killed after the 7th (past two drops) and resumed.
  const std::string state_args = "--events " + events + " --state " + dir / "s" + " --checkpoint-every 5000 --out " +
                                 dir / "a.ndjson" + " --report " + dir / "a.json";
  CHECK(flowc::testing::run_command("FLOWC_CRASH_AT=after-commit:7 " + std::string(FLOWC_BINARY) + " run " + program +
                                    " -q " + state_args + " 2>/dev/null") != 0);
  REQUIRE(flowc_run(program, state_args) == 0);
  CHECK(read_text(dir / "a.ndjson") == read_text(dir / "plain.ndjson"));
  CHECK(read_text(dir / "a.json") == read_text(dir / "plain.json"));

  flowc::state::LoadedState loaded;
  std::string error;
  REQUIRE(flowc::state::StateStore::load_read_only(dir / "s", loaded, error));
  CHECK(loaded.globals.next_send_seq == sends);
  CHECK(loaded.globals.first_send_seq >= kBlock);  // whole blocks were dropped...
  CHECK(loaded.sends.size() == sends - loaded.globals.first_send_seq);  // ...and deleted from the store
  CHECK(loaded.sends.size() <= 2 * kBlock + kPerDay);  // one day's sends, plus two blocks at most
  REQUIRE(!loaded.sends.empty());
  CHECK(loaded.sends.front().seq == loaded.globals.first_send_seq);
}
