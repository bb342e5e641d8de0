// The input errors of a run (docs/runtime.md, "Bad input"): the first
// `limit` in full (line, reason, kind), and every one counted by its kind.
// However many lines are bad, the log holds at most `limit` errors of at
// most kMaxReason bytes each, so memory and the report stay bounded.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "events/record.h"

namespace flowc::engine {

class InputErrorLog {
 public:
  static constexpr size_t kDefaultLimit = 1000;  // `flowc run --max-input-errors`
  static constexpr size_t kMaxReason = 400;      // bytes of a kept reason

  void set_limit(size_t limit) { limit_ = limit; }

  // Counts the error, and keeps it when fewer than the limit are kept.
  // Returns whether it was kept (then it is also worth printing).
  bool add(events::InputError error) {
    ++counts_[static_cast<size_t>(error.kind)];
    ++total_;
    if (kept_.size() >= limit_) return false;
    cut_reason(error.reason);
    kept_.push_back(std::move(error));
    return true;
  }

  // A saved log: the errors kept, the counts by kind and the total.
  void restore(std::vector<events::InputError> kept, const std::array<uint64_t, events::kInputErrorKinds>& counts,
               uint64_t total) {
    kept_ = std::move(kept);
    counts_ = counts;
    total_ = total;
  }

  size_t limit() const { return limit_; }
  const std::vector<events::InputError>& kept() const { return kept_; }
  uint64_t count(events::InputErrorKind kind) const { return counts_[static_cast<size_t>(kind)]; }
  uint64_t total() const { return total_; }
  uint64_t not_kept() const { return total_ - kept_.size(); }

 private:
  // A reason may quote data from the line (an unknown send_id): cut it at a
  // character boundary so one huge line cannot make a huge report.
  static void cut_reason(std::string& reason) {
    if (reason.size() <= kMaxReason) return;
    size_t n = kMaxReason;
    while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80) --n;
    reason.resize(n);
    reason += "...";
  }

  size_t limit_ = kDefaultLimit;
  std::vector<events::InputError> kept_;
  std::array<uint64_t, events::kInputErrorKinds> counts_{};
  uint64_t total_ = 0;
};

}  // namespace flowc::engine
