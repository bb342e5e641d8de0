// The run's input error log (engine/input_error_log.h): however many lines
// are bad, it keeps at most its limit in full and counts every one by kind.
#include <catch2/catch.hpp>

#include "engine/input_error_log.h"

using flowc::engine::InputErrorLog;
using flowc::events::InputError;
using flowc::events::InputErrorKind;

TEST_CASE("the input error log keeps the first N and counts them all", "[unit]") {
  InputErrorLog log;
  log.set_limit(3);
  for (size_t line = 1; line <= 100000; ++line) {
    InputErrorKind kind = line % 2 ? InputErrorKind::NotJson : InputErrorKind::TimeJump;
    CHECK(log.add(InputError{line, "bad", kind}) == (line <= 3));
  }
  REQUIRE(log.kept().size() == 3);
  CHECK(log.kept()[2].line == 3);
  CHECK(log.count(InputErrorKind::NotJson) == 50000);
  CHECK(log.count(InputErrorKind::TimeJump) == 50000);
  CHECK(log.count(InputErrorKind::DuplicateKey) == 0);
  CHECK(log.total() == 100000);
  CHECK(log.not_kept() == 99997);
}

TEST_CASE("a kept reason is cut at a character boundary", "[unit]") {
  InputErrorLog log;
  std::string reason(InputErrorLog::kMaxReason - 1, 'x');
  reason += "\xC3\xA9 and much more after it";  // an "é" across the cut
  log.add(InputError{1, reason, InputErrorKind::UnknownSendId});
  CHECK(log.kept()[0].reason == std::string(InputErrorLog::kMaxReason - 1, 'x') + "...");
  log.add(InputError{2, "short", InputErrorKind::UnknownSendId});
  CHECK(log.kept()[1].reason == "short");
}
