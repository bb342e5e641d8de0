// When checkpoints are due (docs/state.md, "Checkpoints and resume"):
// `--checkpoint-every` as lines, as a period, or `auto`, whose period
// stretches so that a costly checkpoint takes at most a tenth of the
// engine's time. The rule itself, not a timed run: timing is the bench's
// (bench/state.py).
#include <catch2/catch.hpp>

#include "state_run.h"

using flowc::cli::checkpoint_gap;
using flowc::cli::CheckpointCostModel;
using flowc::cli::parse_checkpoint_every;
using flowc::cli::parse_period_seconds;
using namespace std::chrono_literals;

TEST_CASE("--checkpoint-every: lines, periods and auto", "[unit]") {
  CHECK(parse_checkpoint_every("5000")->lines == 5000);
  CHECK(parse_checkpoint_every("5000")->seconds == 0);
  CHECK(parse_checkpoint_every("5m")->seconds == 300);
  CHECK_FALSE(parse_checkpoint_every("5m")->adaptive);
  const auto automatic = parse_checkpoint_every("auto");
  REQUIRE(automatic);
  CHECK(automatic->adaptive);
  CHECK(automatic->seconds == 10);
  CHECK(automatic->lines == 0);
  CHECK_FALSE(parse_checkpoint_every("fast"));
  CHECK_FALSE(parse_checkpoint_every("10d"));
  // `auto` is a checkpointing rule, not a period: `--grace auto` is refused.
  CHECK_FALSE(parse_period_seconds("auto"));
  CHECK(parse_period_seconds("30s") == 30);
}

TEST_CASE("--checkpoint-every auto: the period stretches to nine times the next checkpoint's cost", "[unit]") {
  const auto automatic = *parse_checkpoint_every("auto");
  // Cheap checkpoints: every 10 s.
  CHECK(checkpoint_gap(automatic, 0ms) == 10s);
  CHECK(checkpoint_gap(automatic, 200ms) == 10s);
  // A checkpoint that will cost the engine 3 s: no sooner than 27 s after
  // the last, so checkpoints are at most 3 s in every 30.
  CHECK(checkpoint_gap(automatic, 3s) == 27s);
  CHECK(checkpoint_gap(automatic, 60s) == 540s);
  // An explicit period is kept whatever a checkpoint costs.
  const auto fixed = *parse_checkpoint_every("10s");
  CHECK(checkpoint_gap(fixed, 3s) == 10s);
  CHECK(checkpoint_gap(*parse_checkpoint_every("1m"), 60s) == 60s);
}

TEST_CASE("--checkpoint-every auto: a checkpoint's cost is predicted from the changed profiles", "[unit]") {
  const auto automatic = *parse_checkpoint_every("auto");
  CheckpointCostModel model;
  CHECK(model.predict(0) == 0s);
  // Before any checkpoint, the first guess: 30 us a profile. 100,000
  // changed profiles: 3 s, so not before 27 s of running.
  CHECK(model.predict(100000) == 3s);
  CHECK(checkpoint_gap(automatic, model.predict(100000)) == 27s);
  CHECK(checkpoint_gap(automatic, model.predict(1000)) == 10s);
  // A large checkpoint teaches the cost per profile: 6 s for 400,000.
  model.observe(6s, 400000);
  CHECK(model.predict(100000) == 1500ms);
  // A small one does not (its fixed costs would make profiles look dear).
  model.observe(2s, 10);
  CHECK(model.predict(100000) == 1500ms);
}
