// state::ByteArena (runtime/state/byte_arena.h): the bytes a checkpoint's
// records are copied into. What is copied stays where it was put while more
// is copied, including a record larger than any block the arena would make.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "state/byte_arena.h"

TEST_CASE("state: bytes copied into an arena stay put, a record larger than a block included", "[state]") {
  flowc::state::ByteArena arena;
  std::vector<std::string> originals;
  std::vector<std::string_view> copies;
  for (int i = 0; i < 5000; ++i) {
    // Mostly small records, a 100 KiB one early (larger than the first
    // block) and a 40 MiB one later (larger than the largest).
    const size_t size = i == 3 ? (100u << 10) : i == 4000 ? (40u << 20) : 100 + i % 900;
    originals.push_back(std::string(size, static_cast<char>('a' + i % 26)));
    copies.push_back(arena.copy(originals.back()));
  }
  size_t total = 0;
  for (size_t i = 0; i < originals.size(); ++i) {
    REQUIRE(copies[i] == originals[i]);
    CHECK(copies[i].data() != originals[i].data());
    total += originals[i].size();
  }
  CHECK(arena.size() == total);
  CHECK(arena.copy({}).empty());
}
