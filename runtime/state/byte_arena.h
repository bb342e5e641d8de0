// Bytes copied into large blocks that never move: the encoded records of
// a checkpoint (a million profiles, ~1.3 GB) live here between the export
// and the commit instead of in a million separately allocated strings.
//
// Why not std::string each: a checkpoint of every profile spent a third of
// its export in malloc and in page faults, one 4 KB page at a time, for
// memory freed again when the commit ended (bench/README.md, "fifth
// pass"). Blocks here grow geometrically from 64 KiB; from 2 MiB on they
// are mapped with MADV_HUGEPAGE, so the kernel can back them with huge
// pages (one fault per 2 MiB where transparent huge pages are on `madvise`
// or `always`; ordinary pages otherwise).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace flowc::state {

class ByteArena {
 public:
  ByteArena() = default;
  ~ByteArena();
  ByteArena(const ByteArena&) = delete;
  ByteArena& operator=(const ByteArena&) = delete;

  // `bytes` copied in; the view stays valid as long as the arena.
  // Throws std::bad_alloc when no memory can be mapped.
  std::string_view copy(std::string_view bytes);
  // Bytes copied in so far.
  size_t size() const { return size_; }

 private:
  struct Block {
    char* data;
    size_t capacity;
  };
  void add_block(size_t at_least);

  std::vector<Block> blocks_;
  size_t used_ = 0;  // in the last block
  size_t size_ = 0;
};

}  // namespace flowc::state
