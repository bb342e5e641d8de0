// The routing of a partitioned stream (router.h).
#include "partition/router.h"

#include <xxhash.h>

#include <string>

namespace flowc::partition {

namespace {

constexpr int64_t kDay = 86400;

std::string hex(const std::array<uint64_t, 2>& h) {
  static const char digits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int word = 0; word < 2; ++word)
    for (int i = 0; i < 16; ++i) out[word * 16 + i] = digits[(h[word] >> (60 - 4 * i)) & 15];
  return out;
}

// What the engine does with a record (Engine::apply): a price, an
// engagement and a review of no one in particular reach every profile
// there may be; an inbound text goes by its number (any `profile` in it is
// ignored); anything else goes to the profile it names.
bool broadcast(const events::Record& r) {
  using events::RecordType;
  return r.type == RecordType::Price || r.type == RecordType::Engagement ||
         (r.type == RecordType::Review && r.profile.empty());
}
bool names_profile(const events::Record& r) {
  return !broadcast(r) && r.type != events::RecordType::Inbound && !r.profile.empty();
}

}  // namespace

uint32_t partition_of(std::string_view key, uint32_t partitions) {
  return static_cast<uint32_t>(XXH3_64bits(key.data(), key.size()) % partitions);
}

Router::Router(uint32_t partitions, int64_t tick_quantum)
    : partitions_(partitions == 0 ? 1 : partitions), tick_quantum_(tick_quantum), last_seen_(partitions_, 0) {}

void Router::route(const events::Record& record, std::string_view line, std::vector<Delivery>& out) {
  std::vector<bool> receives(partitions_, false);
  const bool everyone = broadcast(record);
  const uint32_t target = everyone ? 0 : owner_partition(record);
  if (everyone) receives.assign(partitions_, true);
  else receives[target] = true;

  const bool late = started_ && record.time < clock_;
  if (!started_) {
    started_ = true;
    clock_ = record.time;
    for (uint32_t p = 0; p < partitions_; ++p) last_seen_[p] = clock_;
    // The stream's first time reaches every partition first: one engine
    // schedules campaigns against it.
    for (uint32_t p = 0; p < partitions_; ++p)
      if (!receives[p]) out.push_back(Delivery{Delivery::Kind::Tick, p, "tick:" + std::to_string(p) + ":" +
                                               std::to_string(clock_), clock_, -1, 1});
  } else if (record.time > clock_) {
    clock_ = record.time;
    tick_others(clock_, receives, out);
  }

  const std::string id = record_id(line, record.time);
  for (uint32_t p = 0; p < partitions_; ++p) {
    if (!receives[p]) continue;
    Delivery d;
    d.kind = Delivery::Kind::Record;
    d.partition = p;
    d.message_id = everyone ? id + "/" + std::to_string(p) : id;
    d.time = record.time;
    d.late_at = late ? clock_ : -1;
    d.copies = everyone ? partitions_ : 1;
    out.push_back(std::move(d));
    last_seen_[p] = clock_;
  }
  follow_phone(record);
}

void Router::end(std::vector<Delivery>& out) const {
  for (uint32_t p = 0; p < partitions_; ++p)
    out.push_back(Delivery{Delivery::Kind::End, p, "end:" + std::to_string(p), clock_, -1, 1});
}

uint32_t Router::owner_partition(const events::Record& record) {
  if (names_profile(record) || !record.phone) return partition_of(record.profile, partitions_);
  // An inbound text, known by its number only.
  const std::string& phone = *record.phone;
  const auto owner = owner_of_.find(phone);
  return partition_of(owner != owner_of_.end() ? std::string_view(owner->second) : std::string_view(phone),
                      partitions_);
}

// The engine's rule (engine.cpp, set_contact): a record naming a profile
// and a number other than the profile's own moves the profile to that
// number: it gives up the old one (which then has no owner, if it owned it)
// and takes the new one from whoever owned it.
void Router::follow_phone(const events::Record& record) {
  if (!names_profile(record) || !record.phone || record.phone->empty()) return;
  std::string& current = phone_of_[record.profile];
  if (current == *record.phone) return;
  if (!current.empty()) {
    const auto owner = owner_of_.find(current);
    if (owner != owner_of_.end() && owner->second == record.profile) owner_of_.erase(owner);
  }
  current = *record.phone;
  owner_of_[current] = record.profile;
}

std::string Router::record_id(std::string_view line, int64_t time) {
  const XXH128_hash_t h = XXH3_128bits(line.data(), line.size());
  Seen& seen = seen_[{h.high64, h.low64}];
  const uint32_t before = seen.count++;
  seen.time = time;
  // Forget lines more than a day of stream time old, once a day.
  if (clock_ - pruned_at_ > kDay) {
    for (auto it = seen_.begin(); it != seen_.end();) it = clock_ - it->second.time > kDay ? seen_.erase(it) : ++it;
    pruned_at_ = clock_;
  }
  return hex({h.high64, h.low64}) + "#" + std::to_string(before);
}

void Router::tick_others(int64_t clock, const std::vector<bool>& receives, std::vector<Delivery>& out) {
  for (uint32_t p = 0; p < partitions_; ++p) {
    if (receives[p] || clock - last_seen_[p] <= tick_quantum_) continue;
    out.push_back(Delivery{Delivery::Kind::Tick, p, "tick:" + std::to_string(p) + ":" + std::to_string(clock), clock,
                           -1, 1});
    last_seen_[p] = clock;
  }
}

}  // namespace flowc::partition
