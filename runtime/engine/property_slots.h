// A profile's schema properties by slot, packed: one heap block with every
// slot's kind (a byte) and then its payload (8 bytes, ir::Value::payload():
// the number, the integer or the string/list pointer, which is all an
// ir::Value holds for its kind), 9 bytes a slot where a
// std::vector<ir::Value> takes 24. Compiled code reads the two arrays in
// place (vm/typed_view.h). Reading a slot
// gives an ir::Value (a string or list shares the stored one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

#include "ir/value.h"
#include "vm/typed_view.h"

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
  ir::Value operator[](size_t slot) const { return ir::Value::from_payload(kind(slot), block_->payloads()[slot]); }
  void set(size_t slot, const ir::Value& v) {
    if (v.owns()) v.shared->refs.fetch_add(1, std::memory_order_relaxed);
    release(slot);
    block_->kinds()[slot] = static_cast<uint8_t>(v.kind);
    block_->payloads()[slot] = v.payload();
  }
  // Where the block's address is kept, for compiled code
  // (vm/typed_view.h, typed_layout: the block is laid out from it).
  const void* const* block_address() const { return reinterpret_cast<const void* const*>(&block_); }

 private:
  struct Block {
    uint32_t size;
    uint8_t* kinds() { return reinterpret_cast<uint8_t*>(this + 1); }
    uint64_t* payloads() { return reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(this) + payload_offset(size)); }
  };
  static_assert(sizeof(uint32_t) == vm::typed_layout::kPropertyKinds, "kinds follow the count");
  static size_t payload_offset(size_t n) { return vm::typed_layout::property_payloads(n); }
  static size_t bytes(size_t n) { return payload_offset(n) + n * sizeof(uint64_t); }

  void release(size_t slot) {
    const ir::ValueKind k = kind(slot);
    if (k != ir::ValueKind::String && k != ir::ValueKind::List) return;
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
