// A profile's schema properties by slot, packed: one heap block with every
// slot's kind (a byte) and then its payload (8 bytes: the number, the integer
// or the string/list pointer, which is all an ir::Value holds for its kind),
// 9 bytes a slot where a std::vector<ir::Value> takes 24. Reading a slot
// gives an ir::Value (a string or list shares the stored one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

#include "ir/value.h"

namespace flowc::engine {

class PropertySlots {
 public:
  PropertySlots() = default;
  PropertySlots(const PropertySlots&) = delete;
  PropertySlots& operator=(const PropertySlots&) = delete;
  ~PropertySlots() { clear(); }

  // `n` slots, all unset.
  void reset(size_t n) {
    clear();
    if (n == 0) return;
    block_ = static_cast<Block*>(::operator new(bytes(n)));
    block_->size = static_cast<uint32_t>(n);
    std::memset(block_->kinds(), 0, n);  // ValueKind::Unset
    std::memset(block_->payloads(), 0, n * sizeof(uint64_t));
  }
  size_t size() const { return block_ ? block_->size : 0; }
  ir::ValueKind kind(size_t slot) const { return static_cast<ir::ValueKind>(block_->kinds()[slot]); }
  ir::Value operator[](size_t slot) const {
    ir::Value v;
    v.kind = kind(slot);
    const uint64_t& payload = block_->payloads()[slot];
    switch (payload_of(v.kind)) {
      case Payload::None: break;
      case Payload::Number: std::memcpy(&v.n, &payload, sizeof v.n); break;
      case Payload::Shared:
        std::memcpy(&v.shared, &payload, sizeof v.shared);
        v.shared->refs.fetch_add(1, std::memory_order_relaxed);
        break;
      case Payload::Integer: std::memcpy(&v.i, &payload, sizeof v.i); break;
    }
    return v;
  }
  void set(size_t slot, const ir::Value& v) {
    uint64_t payload = 0;
    switch (payload_of(v.kind)) {
      case Payload::None: break;
      case Payload::Number: std::memcpy(&payload, &v.n, sizeof v.n); break;
      case Payload::Shared:
        v.shared->refs.fetch_add(1, std::memory_order_relaxed);
        std::memcpy(&payload, &v.shared, sizeof v.shared);
        break;
      case Payload::Integer: std::memcpy(&payload, &v.i, sizeof v.i); break;
    }
    release(slot);
    block_->kinds()[slot] = static_cast<uint8_t>(v.kind);
    block_->payloads()[slot] = payload;
  }

 private:
  enum class Payload { None, Number, Shared, Integer };
  static Payload payload_of(ir::ValueKind k) {
    switch (k) {
      case ir::ValueKind::Unset: return Payload::None;
      case ir::ValueKind::Number: return Payload::Number;
      case ir::ValueKind::String:
      case ir::ValueKind::List: return Payload::Shared;
      default: return Payload::Integer;  // Bool, Int, Date, DateTime, Duration, Consent
    }
  }
  struct Block {
    uint32_t size;
    uint8_t* kinds() { return reinterpret_cast<uint8_t*>(this + 1); }
    uint64_t* payloads() { return reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(this) + payload_offset(size)); }
  };
  static size_t payload_offset(size_t n) { return (sizeof(Block) + n + 7) / 8 * 8; }
  static size_t bytes(size_t n) { return payload_offset(n) + n * sizeof(uint64_t); }

  void release(size_t slot) {
    if (payload_of(kind(slot)) != Payload::Shared) return;
    const ir::detail::Shared* shared;
    std::memcpy(&shared, &block_->payloads()[slot], sizeof shared);
    if (shared->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete shared;
  }
  void clear() {
    if (!block_) return;
    for (size_t s = 0; s < block_->size; ++s) release(s);
    ::operator delete(block_);
    block_ = nullptr;
  }

  Block* block_ = nullptr;
};

}  // namespace flowc::engine
