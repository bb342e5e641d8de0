// Where each record of a partitioned stream goes (docs/scale-out-design.md,
// 2.2-2.4): the routing `flowc publish` applies before anything reaches a
// stream server, so that P engines, each fed its partition, together do what
// one engine fed the whole stream does.
//
// Everything here is derived from the records in stream order, so the same
// input always routes the same way:
// - a record naming a profile goes to partition XXH3_64(id) mod P;
// - an `inbound` record (known by phone) goes to the partition of the
//   number's owner, by the engine's own rule (the last profile whose record
//   changed its phone to the number; none once that profile moved on); a
//   number without an owner goes to XXH3_64(number) mod P, whose engine
//   finds no owner and ignores it, as one engine does;
// - `price`, `review` without a profile and `engagement` (known by a send id
//   only the sending partition knows) go to every partition;
// - a record older than the stream's clock is marked late, with the clock,
//   so its partition applies it then and counts it late, as one engine does;
// - every partition hears the stream's first time, and a tick whenever the
//   stream's clock has moved more than a quantum past the last time it saw,
//   so no partition's clock jumps further than one engine's does.
// Each delivery has a message id that is the same whenever the same input is
// routed again (so a stream server can drop a re-published copy), while two
// identical lines stay two.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/record.h"

namespace flowc::partition {

// The partition of a key (a profile id, a phone number) among `partitions`.
uint32_t partition_of(std::string_view key, uint32_t partitions);

struct Delivery {
  enum class Kind : uint8_t {
    Record,  // the record's line, as read
    Tick,    // the stream's clock reached `time`
    End,     // the stream is over (`flowc publish --drain`)
  };
  Kind kind = Kind::Record;
  uint32_t partition = 0;
  std::string message_id;
  int64_t time = 0;         // Tick: the clock; Record: the record's own time
  int64_t late_at = -1;     // Record: the clock to apply it at when it is late, else -1
  uint32_t copies = 1;      // Record: how many partitions get it (P for a broadcast)
};

class Router {
 public:
  // `tick_quantum`: how far (seconds) the stream's clock may move past the
  // last time a partition saw before it gets a tick.
  explicit Router(uint32_t partitions, int64_t tick_quantum = 3600);

  uint32_t partitions() const { return partitions_; }
  // How many distinct lines it remembers now (about a day of the stream's).
  size_t lines_remembered() const { return seen_.size(); }

  // Appends the deliveries of one good record (read from `line`, its bytes
  // without the newline): any ticks first, then the record.
  void route(const events::Record& record, std::string_view line, std::vector<Delivery>& out);
  // Appends the end marker of every partition.
  void end(std::vector<Delivery>& out) const;

 private:
  uint32_t owner_partition(const events::Record& record);
  void follow_phone(const events::Record& record);
  std::string record_id(std::string_view line, int64_t time);
  void tick_others(int64_t clock, const std::vector<bool>& receives, std::vector<Delivery>& out);

  uint32_t partitions_;
  int64_t tick_quantum_;
  bool started_ = false;
  int64_t clock_ = 0;                 // the latest record time so far
  std::vector<int64_t> last_seen_;    // by partition: the latest time it was sent
  // Phone ownership, as the engine keeps it (engine.cpp, set_contact).
  std::unordered_map<std::string, std::string> phone_of_;   // profile id -> its number
  std::unordered_map<std::string, std::string> owner_of_;   // number -> the profile owning it
  // How many times each line was routed before, for lines of recent times:
  // by the line's 128-bit hash. Kept for a day of stream time past the
  // line's own time (a repeat that late is taken for a re-published copy),
  // so the table holds about a day of lines, whatever the stream's length.
  struct Seen {
    uint32_t count = 0;
    int64_t time = 0;
  };
  struct Hash128 {
    size_t operator()(const std::array<uint64_t, 2>& h) const { return static_cast<size_t>(h[0] ^ (h[1] * 31)); }
  };
  std::unordered_map<std::array<uint64_t, 2>, Seen, Hash128> seen_;
  int64_t pruned_at_ = 0;
};

}  // namespace flowc::partition
