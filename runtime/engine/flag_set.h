// A fixed-size set of flags, such as a profile's list or segment membership.
// Up to 64 flags live inline; a std::vector<bool> costs 40 bytes plus a heap
// block per profile, which adds up over a million profiles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace flowc::engine {

class FlagSet {
 public:
  // `n` flags, all clear.
  void reset(size_t n) {
    size_ = static_cast<uint32_t>(n);
    inline_ = 0;
    more_.reset(n > 64 ? new uint64_t[(n - 64 + 63) / 64]() : nullptr);
  }
  size_t size() const { return size_; }
  bool operator[](size_t i) const { return (word(i) >> (i % 64)) & 1; }
  void set(size_t i, bool on) {
    uint64_t bit = uint64_t{1} << (i % 64);
    uint64_t& w = word(i);
    w = on ? (w | bit) : (w & ~bit);
  }

 private:
  uint64_t& word(size_t i) { return i < 64 ? inline_ : more_[i / 64 - 1]; }
  const uint64_t& word(size_t i) const { return i < 64 ? inline_ : more_[i / 64 - 1]; }

  uint64_t inline_ = 0;
  std::unique_ptr<uint64_t[]> more_;  // flags 64 and up
  uint32_t size_ = 0;
};

}  // namespace flowc::engine
