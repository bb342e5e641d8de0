// A fixed-size set of flags, such as a profile's list or segment membership.
// Up to 64 flags live inline; more live in one heap array. 16 bytes: a
// std::vector<bool> costs 40 bytes plus a heap block per profile, which adds
// up over a million profiles.
#pragma once

#include <cstddef>
#include <cstdint>

namespace flowc::engine {

class FlagSet {
 public:
  FlagSet() = default;
  FlagSet(const FlagSet&) = delete;
  FlagSet& operator=(const FlagSet&) = delete;
  ~FlagSet() { free_words(); }

  // `n` flags, all clear.
  void reset(size_t n) {
    free_words();
    size_ = static_cast<uint32_t>(n);
    if (n > 64) more_ = new uint64_t[(n + 63) / 64]();
    else inline_ = 0;
  }
  size_t size() const { return size_; }
  bool operator[](size_t i) const { return (word(i) >> (i % 64)) & 1; }
  // The flags as 64-bit words, flag i at bit i % 64 of word i / 64 (what
  // compiled code tests in place, vm/typed_view.h).
  const uint64_t* words() const { return on_heap() ? more_ : &inline_; }
  uint64_t* mutable_words() { return on_heap() ? more_ : &inline_; }
  void set(size_t i, bool on) {
    uint64_t bit = uint64_t{1} << (i % 64);
    uint64_t& w = word(i);
    w = on ? (w | bit) : (w & ~bit);
  }

 private:
  bool on_heap() const { return size_ > 64; }
  void free_words() {
    if (on_heap()) delete[] more_;
    inline_ = 0;
    size_ = 0;
  }
  uint64_t& word(size_t i) { return on_heap() ? more_[i / 64] : inline_; }
  const uint64_t& word(size_t i) const { return on_heap() ? more_[i / 64] : inline_; }

  union {
    uint64_t inline_ = 0;  // up to 64 flags
    uint64_t* more_;       // more: (size_ + 63) / 64 words
  };
  uint32_t size_ = 0;
};

}  // namespace flowc::engine
