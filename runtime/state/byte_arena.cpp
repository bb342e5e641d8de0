#include "state/byte_arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace flowc::state {
namespace {

constexpr size_t kFirstBlock = 64u << 10;
constexpr size_t kLargestBlock = 32u << 20;
constexpr size_t kHugePage = 2u << 20;

}  // namespace

ByteArena::~ByteArena() {
  for (const Block& b : blocks_) munmap(b.data, b.capacity);
}

std::string_view ByteArena::copy(std::string_view bytes) {
  if (bytes.empty()) return {};
  if (blocks_.empty() || blocks_.back().capacity - used_ < bytes.size()) add_block(bytes.size());
  char* at = blocks_.back().data + used_;
  std::memcpy(at, bytes.data(), bytes.size());
  used_ += bytes.size();
  size_ += bytes.size();
  return {at, bytes.size()};
}

// Each block twice the last (up to 32 MiB), and at least `at_least`,
// rounded up to whole huge pages once that large.
void ByteArena::add_block(size_t at_least) {
  size_t capacity = blocks_.empty() ? kFirstBlock : std::min(blocks_.back().capacity * 2, kLargestBlock);
  capacity = std::max(capacity, at_least);
  if (capacity >= kHugePage) capacity = (capacity + kHugePage - 1) / kHugePage * kHugePage;
  void* data = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (capacity >= kHugePage) madvise(data, capacity, MADV_HUGEPAGE);  // advice: failure changes nothing
#endif
  blocks_.push_back({static_cast<char*>(data), capacity});
  used_ = 0;
}

}  // namespace flowc::state
