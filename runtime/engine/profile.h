// A profile as the runtime keeps it: built-in fields, schema properties in
// slots, consent and suppression per channel, list and segment membership,
// the aggregates it has hit, and what smart sending needs. A million of them
// must fit in well under a gigabyte, so the variable parts live in compact
// heap blocks sized to what the profile holds (176 bytes inline).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "engine/flag_set.h"
#include "engine/profile_ids.h"
#include "engine/property_slots.h"
#include "engine/window_entries.h"
#include "vm/typed_view.h"
#include "ir/module.h"

namespace flowc::engine {

// Text a profile keeps (its id, email, phone), "" when none: 8 bytes, the
// text in one exact-size heap block (a std::string is 32 bytes, plus a block
// past 15 characters).
class CompactText {
 public:
  CompactText() = default;
  CompactText(const CompactText&) = delete;
  CompactText& operator=(const CompactText&) = delete;
  ~CompactText() { delete[] data_; }

  CompactText& operator=(std::string_view text) {
    char* data = nullptr;
    if (!text.empty()) {
      data = new char[sizeof(uint32_t) + text.size()];
      uint32_t n = static_cast<uint32_t>(text.size());
      std::memcpy(data, &n, sizeof n);
      std::memcpy(data + sizeof n, text.data(), text.size());
    }
    delete[] data_;
    data_ = data;
    return *this;
  }
  bool empty() const { return !data_; }
  std::string_view view() const {
    if (!data_) return {};
    uint32_t n;
    std::memcpy(&n, data_, sizeof n);
    return {data_ + sizeof n, n};
  }
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }
  friend bool operator==(const CompactText& a, std::string_view b) { return a.view() == b; }

 private:
  char* data_ = nullptr;  // the length (4 bytes), then the characters
};

// Per profile state of one ir::AggregateDef: 16 bytes, as a profile has one
// for every aggregate the program uses.
struct AggregateState {
  // The one figure the aggregate's kind reads: `count` (Count over the All
  // window), `sum` (Sum over All), `last` (Last: time of the latest matching
  // event, -1: never; the profile sets it to -1 when created).
  union {
    int64_t count = 0;
    double sum;
    int64_t last;
  };
  // Within / SinceFlowStart windows: the matching events still of interest.
  WindowEntries entries;
};
static_assert(sizeof(AggregateState) == vm::typed_layout::kAggregateStateBytes && offsetof(AggregateState, count) == 0,
              "compiled code reads an All window's figure in place (vm/typed_view.h)");

// The aggregate states of one profile, only for the aggregates it has counted
// an event for (a profile hits few of the program's aggregates): one heap
// block with the states and, after them, their aggregate indexes. The
// others read as no event: count 0, sum 0, no `last`.
class AggregateStates {
 public:
  AggregateStates() = default;
  AggregateStates(const AggregateStates&) = delete;
  AggregateStates& operator=(const AggregateStates&) = delete;
  ~AggregateStates() { destroy(block_); }

  // The state of aggregate `a`; null when none was counted.
  const AggregateState* find(uint32_t a) const {
    if (!block_) return nullptr;
    const uint32_t* idx = block_->indexes();
    for (uint32_t i = 0; i < block_->size; ++i)
      if (idx[i] == a) return &block_->states()[i];
    return nullptr;
  }
  // Where the block's address is kept, for compiled code
  // (vm/typed_view.h, typed_layout: the block is laid out from it).
  const void* const* block_address() const { return reinterpret_cast<const void* const*>(&block_); }
  // The state of aggregate `a`, made on first use (`last` -1 for a Last).
  AggregateState& get(uint32_t a, bool last_kind) {
    if (const AggregateState* st = find(a)) return const_cast<AggregateState&>(*st);
    uint32_t size = block_ ? block_->size : 0;
    if (!block_ || size == block_->cap) grow(size < 4 ? size + 1 : size + 2);
    block_->indexes()[size] = a;
    AggregateState* st = new (&block_->states()[size]) AggregateState();
    if (last_kind) st->last = -1;
    block_->size = size + 1;
    return *st;
  }

 private:
  struct Block {
    uint32_t size, cap;
    AggregateState* states() { return reinterpret_cast<AggregateState*>(this + 1); }
    uint32_t* indexes() { return reinterpret_cast<uint32_t*>(states() + cap); }
  };
  static_assert(sizeof(Block) % alignof(AggregateState) == 0);
  static_assert(offsetof(Block, cap) == vm::typed_layout::kAggregateCapacity &&
                    sizeof(Block) == vm::typed_layout::kAggregateStates,
                "compiled code finds the states and indexes (vm/typed_view.h)");

  void grow(uint32_t cap) {
    void* mem = ::operator new(sizeof(Block) + cap * (sizeof(AggregateState) + sizeof(uint32_t)));
    Block* b = new (mem) Block{block_ ? block_->size : 0, cap};
    for (uint32_t i = 0; i < b->size; ++i) {
      new (&b->states()[i]) AggregateState(std::move(block_->states()[i]));
      b->indexes()[i] = block_->indexes()[i];
    }
    destroy(block_);
    block_ = b;
  }
  static void destroy(Block* b) {
    if (!b) return;
    for (uint32_t i = 0; i < b->size; ++i) b->states()[i].~AggregateState();
    ::operator delete(b);
  }

  Block* block_ = nullptr;
};

// Re-entry bookkeeping for one flow the profile has entered.
struct FlowEntries {
  uint32_t flow;
  uint32_t count;  // entries so far
  int64_t last;    // time of the latest entry
};

// The flows a profile has entered, as one heap block (size, capacity, then
// the entries): 8 bytes in the profile where a std::vector takes 24.
class FlowEntryList {
 public:
  FlowEntryList() = default;
  FlowEntryList(const FlowEntryList&) = delete;
  FlowEntryList& operator=(const FlowEntryList&) = delete;
  ~FlowEntryList() { std::free(block_); }

  const FlowEntries* begin() const { return block_ ? block_->items() : nullptr; }
  const FlowEntries* end() const { return begin() + (block_ ? block_->size : 0); }
  FlowEntries* begin() { return block_ ? block_->items() : nullptr; }
  FlowEntries* end() { return begin() + (block_ ? block_->size : 0); }
  void push_back(FlowEntries e) {
    uint32_t size = block_ ? block_->size : 0;
    if (!block_ || size == block_->cap) {
      uint32_t cap = size < 2 ? size + 1 : size + 2;  // most profiles enter one or two flows
      void* p = std::realloc(block_, sizeof(Block) + cap * sizeof(FlowEntries));
      if (!p) throw std::bad_alloc();
      block_ = static_cast<Block*>(p);
      block_->size = size;
      block_->cap = cap;
    }
    block_->items()[block_->size++] = e;
  }

 private:
  struct Block {
    uint32_t size, cap;
    FlowEntries* items() { return reinterpret_cast<FlowEntries*>(this + 1); }
  };
  static_assert(sizeof(Block) % alignof(FlowEntries) == 0);
  Block* block_ = nullptr;
};

// Consent times (Profile::consent_since) count from 1990-01-01T00:00:00Z;
// older ones are clamped to it (RUNTIME.md section 4).
inline constexpr int64_t kConsentEpoch = 631152000;

// Channels with their own suppression and smart-sending clock.
enum class SendChannel : uint8_t { Email, Sms, Push, Whatsapp };
constexpr int kSendChannels = 4;

struct Profile {
  // Its id, kept by the engine's id table (profile_ids.h).
  std::string_view id() const { return ProfileIds::text(id_); }
  void set_id(const char* stored) { id_ = stored; }
  CompactText email;  // "" when none (a record never sets an empty one)
  CompactText phone;  // "" when none
  int64_t created = 0;
  PropertySlots properties;  // by profile slot
  std::array<int64_t, kSendChannels> last_sent{-1, -1, -1, -1};  // smart sending
  FlagSet lists;
  FlagSet segments;
  AggregateStates aggregates;  // the aggregates it has counted events for
  std::array<ir::Consent, ir::kConsentChannels> consent{};
  bool segments_evaluated = false;  // every segment evaluated at least once
  // The month of its latest message, as months since 1970-01 in the
  // account's zone plus one (0: never sent one): usage counts active
  // profiles per month without a set of profiles per month.
  uint16_t messaged_month = 0;
  // When each channel's consent status was last set, as seconds since
  // 1990-01-01 plus one (0: never). Times before 1990 are stored as
  // 1990-01-01 (RUNTIME.md section 4), which is also what lets 32 bits hold
  // them; activity `send` records show it as `consent_since`.
  std::array<uint32_t, ir::kConsentChannels> consent_since{};
  std::array<bool, kSendChannels> suppressed{};
  bool email_pending_confirmation = false;  // double opt-in (the lists to join: Engine::lists_pending_confirmation_)
  // The latest outbound message's origin, for reply-triggered automations:
  // an index into the engine's table of origins (kNoOutbound: none yet);
  // 16 bits, as a program has far fewer flows, campaigns and automations.
  static constexpr uint16_t kNoOutbound = UINT16_MAX;
  uint16_t last_outbound = kNoOutbound;
  // Its latest marketing (not account) email and SMS in the engine's SendLog
  // (kNone: none), for unsubscribes; push and WhatsApp, rarer, are kept
  // by the SendLog.
  std::array<uint32_t, 2> latest_send{ir::kNone, ir::kNone};
  // (The fields above are ordered to leave no padding: 184 bytes in all.)
  // Time-dependent segments: the pending recheck (-1: none) and the time of
  // the profile's latest record, which bounds how long daily rechecks go on.
  int64_t recheck_at = -1;
  int64_t last_activity = 0;
  const char* id_ = nullptr;  // what id() reads: a text stored by ProfileIds
  // Re-entry bookkeeping, only for the flows entered (most profiles enter
  // few of the program's flows).
  FlowEntryList flows_entered;

  const FlowEntries* entries_of(uint32_t flow) const {
    for (const FlowEntries& e : flows_entered)
      if (e.flow == flow) return &e;
    return nullptr;
  }
  uint32_t entry_count(uint32_t flow) const { return entries_of(flow) ? entries_of(flow)->count : 0; }
  int64_t last_entry(uint32_t flow) const { return entries_of(flow) ? entries_of(flow)->last : -1; }
  // Counts an entry at `time`; returns how many entries came before it.
  uint32_t record_entry(uint32_t flow, int64_t time) {
    for (FlowEntries& e : flows_entered)
      if (e.flow == flow) {
        e.last = time;
        return e.count++;
      }
    flows_entered.push_back(FlowEntries{flow, 1, time});
    return 0;
  }
};

}  // namespace flowc::engine
