// Every message the run sent, by send id, so that an `engagement` record
// (RUNTIME.md section 2) finds the profile and the step, campaign message or
// automation it answers (engagement.cpp).
//
// One entry per send, so it is kept small: 24 bytes, plus 8-16 bytes of
// hash index — built only when the first engagement record asks for a send
// id (a stream without engagement never pays for it: ~100 MB at 5.6M sends). What every send of one step shares (its source, names, channel)
// lives once in a table of origins; an entry keeps the origin's number. The
// entries of one profile are chained newest first (Profile::last_send), so
// "the profile's latest email" is a short walk back, without a per-profile
// table.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
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
  static constexpr uint32_t kOpened = 1u << 28, kClicked = 1u << 29, kUnsubscribed = 1u << 30,
                            kBounced = 1u << 31, kOriginMask = kOpened - 1;
  uint64_t id;       // the send id, as a number
  uint32_t time;     // seconds since 1970
  uint32_t profile;
  uint32_t prev;     // the profile's send before this one (kNone: none)
  uint32_t bits;     // the origin (low 28 bits), then what happened to it, each counted once

  uint32_t origin() const { return bits & kOriginMask; }
  // Sets `flag`; true when it was not set before (unique opens, clicks...).
  bool mark(uint32_t flag) {
    bool first = !(bits & flag);
    bits |= flag;
    return first;
  }
};
static_assert(sizeof(SentMessage) == 24);

class SendLog {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The number of an origin, made on first use.
  uint32_t origin(SendOrigin o) {
    auto key = std::make_tuple(static_cast<int>(o.kind), o.owner, o.part, o.send, o.step);
    auto [it, added] = origin_ids_.emplace(key, static_cast<uint32_t>(origins_.size()));
    if (added) origins_.push_back(std::move(o));
    return it->second;
  }
  const SendOrigin& origin_of(const SentMessage& m) const { return origins_[m.origin()]; }

  // Logs a send; returns its entry (the profile's new latest send).
  uint32_t add(uint64_t id, int64_t time, uint32_t profile, uint32_t prev, uint32_t origin) {
    uint32_t entry = size_;
    if (entry % kBlock == 0) blocks_.push_back(std::make_unique<SentMessage[]>(kBlock));
    (*this)[entry] = SentMessage{id, static_cast<uint32_t>(time < 0 ? 0 : time), profile, prev, origin};
    ++size_;
    if (indexed_) index(entry);
    return entry;
  }
  // The entry of a send id (kNone: never sent). The first call builds the index.
  uint32_t find(uint64_t id) {
    if (!indexed_) {
      indexed_ = true;
      size_t size = 1024;
      while (size_ * 2 > size) size *= 2;
      rehash(size);
    }
    if (index_.empty()) return kNone;
    size_t mask = index_.size() - 1;
    for (size_t at = id & mask;; at = (at + 1) & mask) {
      uint32_t slot = index_[at];
      if (slot == 0) return kNone;
      if ((*this)[slot - 1].id == id) return slot - 1;
    }
  }
  SentMessage& operator[](uint32_t entry) { return blocks_[entry / kBlock][entry % kBlock]; }
  const SentMessage& operator[](uint32_t entry) const { return blocks_[entry / kBlock][entry % kBlock]; }
  uint32_t size() const { return size_; }
  const std::vector<SendOrigin>& origins() const { return origins_; }

 private:
  void index(uint32_t entry) {
    if (size_ * 2 > index_.size()) rehash(index_.size() * 2);
    else insert(entry);
  }
  // Open addressing on the id (already a hash): entry + 1, 0 for empty.
  void insert(uint32_t entry) {
    size_t mask = index_.size() - 1;
    const uint64_t id = (*this)[entry].id;
    size_t at = id & mask;
    while (index_[at] != 0 && (*this)[index_[at] - 1].id != id) at = (at + 1) & mask;
    index_[at] = entry + 1;  // a repeated id names the latest send
  }
  void rehash(size_t size) {
    index_.assign(size, 0);
    for (uint32_t e = 0; e < size_; ++e) insert(e);
  }

  // Fixed blocks rather than one vector: no doubling slack, and no moment
  // when an old and a new copy of every entry are both alive.
  static constexpr uint32_t kBlock = 8192;
  std::vector<std::unique_ptr<SentMessage[]>> blocks_;
  uint32_t size_ = 0;
  std::vector<uint32_t> index_;  // a power of two, at most half full; empty until indexed_
  bool indexed_ = false;
  std::vector<SendOrigin> origins_;
  std::map<std::tuple<int, uint32_t, uint32_t, uint32_t, std::string>, uint32_t> origin_ids_;
};

}  // namespace flowc::engine
