// Every message the run sent, by send id, so that an `engagement` record
// (RUNTIME.md section 2) finds the profile and the step, campaign message or
// automation it answers (engagement.cpp).
//
// One entry per send, so it is kept small: 16 bytes, plus 8-16 bytes of
// hash index — built only when the first engagement record asks for a send
// id (a stream without engagement never pays for it: ~100 MB at 5.6M sends). What every send of one step shares (its source, names, channel)
// lives once in a table of origins; an entry keeps the origin's number.
// Sends are logged in time order (the clock never goes back), so an entry
// keeps its time as an offset of at most 4095 seconds from the start of its
// time segment, a short table. The profile's latest marketing send per
// channel (for unsubscribes) is kept per profile (Profile::latest_send for
// email and SMS, a small map here for push and WhatsApp); no chain of a
// profile's sends. The unique recipients are counted as sends are logged
// (recipient_groups.h), not from this log.
//
// Retention (docs/runtime.md, "Engagement and attribution"): a send older
// than the retention (the account's longest attribution window) when an
// engagement names it is not found. The rule is on the clock, so whether an
// entry is still in memory never shows: whole blocks whose last send is
// past the retention are dropped when a new block starts, and the entry
// numbers of the rest do not move (a profile's latest send, the state's
// keys). A long run keeps a bounded log.
#pragma once

#include <algorithm>
#include <array>
#include <deque>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ir/module.h"

namespace flowc::engine {

// Where a send came from: shared by every send of one step or message.
struct SendOrigin {
  enum class Kind : uint8_t { Flow, Campaign, Automation, Account };
  Kind kind = Kind::Account;
  ir::Channel channel = ir::Channel::Email;
  uint32_t owner = 0;  // flow, campaign or automation index
  uint32_t part = 0;   // flow: step index; campaign: path index
  uint32_t send = 0;   // campaign: the message's index in its path
  std::string source, name, step, message;  // as the activity and the built-in metrics name them
};

struct SentMessage {
  static constexpr uint32_t kOpened = 1u << 16, kClicked = 1u << 17, kUnsubscribed = 1u << 18,
                            kBounced = 1u << 19, kOriginMask = kOpened - 1, kDeltaShift = 20,
                            kMaxDelta = (1u << (32 - kDeltaShift)) - 1;
  uint32_t id_low, id_high;  // the send id, as a number, in halves (4-byte alignment: no padding)
  uint32_t profile;
  uint32_t bits;  // the origin (low 16 bits), then what happened to it, each counted once, then the time offset

  uint64_t id() const { return (static_cast<uint64_t>(id_high) << 32) | id_low; }
  uint32_t origin() const { return bits & kOriginMask; }
  // Sets `flag`; true when it was not set before (unique opens, clicks...).
  bool mark(uint32_t flag) {
    bool first = !(bits & flag);
    bits |= flag;
    return first;
  }
};
static_assert(sizeof(SentMessage) == 16);

class SendLog {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The number of an origin, made on first use.
  uint32_t origin(SendOrigin o) {
    auto key = std::make_tuple(static_cast<int>(o.kind), o.owner, o.part, o.send, o.step);
    auto [it, added] = origin_ids_.emplace(key, static_cast<uint32_t>(origins_.size()));
    if (added) {
      if (origins_.size() > SentMessage::kOriginMask) {
        origin_ids_.erase(it);
        throw std::length_error("too many sending steps and messages (at most 65536)");
      }
      origins_.push_back(std::move(o));
    }
    return it->second;
  }
  const SendOrigin& origin_of(const SentMessage& m) const { return origins_[m.origin()]; }

  // How long an engagement can still find a send, in seconds (0: for ever).
  void set_retention(int64_t seconds) { retention_ = seconds; }
  int64_t retention() const { return retention_; }

  // Logs a send (times never go back); returns its entry.
  uint32_t add(uint64_t id, int64_t time, uint32_t profile, uint32_t origin) {
    uint32_t entry = size_;
    const uint32_t t = static_cast<uint32_t>(time < 0 ? 0 : time);
    if (entry % kBlock == 0) expire(t);
    if (entry / kBlock >= first_block_ + blocks_.size()) blocks_.push_back(std::make_unique<SentMessage[]>(kBlock));
    if (segments_.empty() || t < segments_.back().second || t - segments_.back().second > SentMessage::kMaxDelta)
      segments_.emplace_back(entry, t);
    const uint32_t delta = t - segments_.back().second;
    (*this)[entry] = SentMessage{static_cast<uint32_t>(id), static_cast<uint32_t>(id >> 32), profile,
                                 origin | (delta << SentMessage::kDeltaShift)};
    ++size_;
    if (indexed_) index(entry);
    return entry;
  }
  // The time of an entry, in seconds since 1970.
  uint32_t time(uint32_t entry) const {
    auto after = std::upper_bound(segments_.begin(), segments_.end(), entry,
                                  [](uint32_t e, const std::pair<uint32_t, uint32_t>& s) { return e < s.first; });
    return std::prev(after)->second + ((*this)[entry].bits >> SentMessage::kDeltaShift);
  }
  // The latest push and WhatsApp marketing sends of the profiles that had
  // any (few do; email and SMS are in Profile::latest_send).
  std::unordered_map<uint32_t, std::array<uint32_t, 2>>& latest_other() { return latest_other_; }
  const std::unordered_map<uint32_t, std::array<uint32_t, 2>>& latest_other() const { return latest_other_; }

  // Sets `flag` (SentMessage::kOpened...) on an entry; true when it was not
  // set before. The entry is then among the changed ones, which the next
  // checkpoint writes again.
  bool mark(uint32_t entry, uint32_t flag) {
    if (!(*this)[entry].mark(flag)) return false;
    changed_.push_back(entry);
    return true;
  }
  // The entries marked since the last call (an entry may be there twice).
  std::vector<uint32_t> take_changed() { return std::exchange(changed_, {}); }

  // The entry of a send id that an engagement at `now` can still find:
  // kNone when it was never sent or was sent a retention or more ago.
  uint32_t find_recent(uint64_t id, int64_t now) {
    uint32_t entry = find(id);
    if (entry == kNone || (retention_ > 0 && now - static_cast<int64_t>(time(entry)) >= retention_)) return kNone;
    return entry;
  }
  // Whether an entry is still held (not dropped by retention).
  bool live(uint32_t entry) const { return entry >= first_ && entry < size_; }
  // The first entry still held; entries before it were dropped.
  uint32_t first() const { return first_; }
  // For a log rebuilt from saved state: starts the numbering at `first`
  // (the saved log's first entry still held). Only on an empty log.
  void start_at(uint32_t first) {
    if (size_ != 0) throw std::logic_error("SendLog::start_at on a log that has entries");
    size_ = first_ = first;
    first_block_ = first / kBlock;
  }

  // The entry of a send id (kNone: never sent, or dropped). The first call
  // builds the index.
  uint32_t find(uint64_t id) {
    if (!indexed_) {
      indexed_ = true;
      size_t size = 1024;
      while (live_count() * 2 > size) size *= 2;
      rehash(size);
    }
    if (index_.empty()) return kNone;
    size_t mask = index_.size() - 1;
    for (size_t at = id & mask;; at = (at + 1) & mask) {
      uint32_t slot = index_[at];
      if (slot == 0) return kNone;
      if ((*this)[slot - 1].id() == id) return slot - 1;
    }
  }
  // A live entry (see live()).
  SentMessage& operator[](uint32_t entry) { return blocks_[entry / kBlock - first_block_][entry % kBlock]; }
  const SentMessage& operator[](uint32_t entry) const { return blocks_[entry / kBlock - first_block_][entry % kBlock]; }
  // The number the next send gets (every send ever logged, dropped or not).
  uint32_t size() const { return size_; }
  const std::vector<SendOrigin>& origins() const { return origins_; }

 private:
  uint32_t live_count() const { return size_ - first_; }
  void index(uint32_t entry) {
    if (live_count() * 2 > index_.size()) rehash(index_.size() * 2);
    else insert(entry);
  }
  // Drops the full blocks whose last send an engagement at `now` can no
  // longer find (see find_recent), then what pointed into them.
  void expire(uint32_t now) {
    if (retention_ <= 0) return;
    bool dropped = false;
    while (!blocks_.empty() && (first_block_ + 1) * kBlock <= size_) {
      const uint32_t last = (first_block_ + 1) * kBlock - 1;
      if (static_cast<int64_t>(now) - static_cast<int64_t>(time(last)) < retention_) break;
      blocks_.pop_front();
      ++first_block_;
      first_ = first_block_ * kBlock;
      dropped = true;
    }
    if (!dropped) return;
    while (segments_.size() > 1 && segments_[1].first <= first_) segments_.pop_front();
    changed_.erase(std::remove_if(changed_.begin(), changed_.end(), [&](uint32_t e) { return e < first_; }),
                   changed_.end());
    if (indexed_) {
      size_t size = 1024;
      while (live_count() * 2 > size) size *= 2;
      rehash(size);
    }
  }
  // Open addressing on the id (already a hash): entry + 1, 0 for empty.
  void insert(uint32_t entry) {
    size_t mask = index_.size() - 1;
    const uint64_t id = (*this)[entry].id();
    size_t at = id & mask;
    while (index_[at] != 0 && (*this)[index_[at] - 1].id() != id) at = (at + 1) & mask;
    index_[at] = entry + 1;  // a repeated id names the latest send
  }
  void rehash(size_t size) {
    index_.assign(size, 0);
    for (uint32_t e = first_; e < size_; ++e) insert(e);
  }

  // Fixed blocks rather than one vector: no doubling slack, and no moment
  // when an old and a new copy of every entry are both alive.
  static constexpr uint32_t kBlock = 8192;
  std::deque<std::unique_ptr<SentMessage[]>> blocks_;  // from block first_block_ on
  uint32_t first_block_ = 0;
  uint32_t first_ = 0;  // the first live entry
  uint32_t size_ = 0;
  int64_t retention_ = 0;
  std::deque<std::pair<uint32_t, uint32_t>> segments_;  // (first entry, its time): where each time segment starts
  std::unordered_map<uint32_t, std::array<uint32_t, 2>> latest_other_;  // by profile: push, WhatsApp
  std::vector<uint32_t> index_;  // a power of two, at most half full; empty until indexed_
  bool indexed_ = false;
  std::vector<uint32_t> changed_;  // entries marked since take_changed()
  std::vector<SendOrigin> origins_;
  std::map<std::tuple<int, uint32_t, uint32_t, uint32_t, std::string>, uint32_t> origin_ids_;
};

}  // namespace flowc::engine
