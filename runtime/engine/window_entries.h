// The matching events an aggregate window still needs, oldest first, as
// (time, summed value) pairs. One heap block holds the size, the capacity
// and the pairs, so an empty list — what most of a profile's windows are —
// costs one pointer, not a std::vector's 24 bytes.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace flowc::engine {

struct WindowEntry {
  int64_t time;
  double value;
};

class WindowEntries {
 public:
  WindowEntries() = default;
  WindowEntries(const WindowEntries&) = delete;
  WindowEntries& operator=(const WindowEntries&) = delete;
  WindowEntries(WindowEntries&& o) noexcept : block_(o.block_) { o.block_ = nullptr; }
  WindowEntries& operator=(WindowEntries&& o) noexcept {
    std::swap(block_, o.block_);
    return *this;
  }
  ~WindowEntries() { std::free(block_); }

  uint32_t size() const { return block_ ? block_->size : 0; }
  const WindowEntry* begin() const { return block_ ? block_->items() : nullptr; }
  const WindowEntry* end() const { return begin() + size(); }

  void push_back(WindowEntry e) {
    if (size() == capacity()) grow();
    block_->items()[block_->size++] = e;
  }
  // Drops the first `n` entries (those that left the window).
  void erase_front(uint32_t n) {
    if (n == 0) return;
    std::memmove(block_->items(), block_->items() + n, (block_->size - n) * sizeof(WindowEntry));
    block_->size -= n;
  }

 private:
  struct Block {
    uint32_t size, capacity;
    WindowEntry* items() { return reinterpret_cast<WindowEntry*>(this + 1); }
  };
  static_assert(sizeof(Block) % alignof(WindowEntry) == 0);

  uint32_t capacity() const { return block_ ? block_->capacity : 0; }
  void grow() {
    uint32_t cap = capacity() ? capacity() * 2 : 2;
    void* p = std::realloc(block_, sizeof(Block) + cap * sizeof(WindowEntry));
    if (!p) throw std::bad_alloc();
    bool first = !block_;
    block_ = static_cast<Block*>(p);
    if (first) block_->size = 0;
    block_->capacity = cap;
  }

  Block* block_ = nullptr;
};

}  // namespace flowc::engine
