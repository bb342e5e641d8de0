// Stable send ids: a hash of where a send comes from, to whom, which entry
// and when — the same on every run and on either engine.
#pragma once

#include <xxhash.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace flowc::engine {

// The 16 lower-case hex digits of XXH3 over "source␟name␟step␟profile␟
// occurrence␟time" (␟: the unit separator 0x1f, numbers in decimal). Built
// by hand rather than with two fmt::format calls: a send costs one.
inline std::string send_id_for(std::string_view source, std::string_view name, std::string_view step,
                               std::string_view profile, uint32_t occurrence, int64_t time) {
  thread_local std::string key;  // reused: no allocation per send
  key.clear();
  for (std::string_view part : {source, name, step, profile}) {
    key += part;
    key += '\x1f';
  }
  char digits[24];
  key.append(digits, std::to_chars(digits, digits + sizeof digits, occurrence).ptr);
  key += '\x1f';
  key.append(digits, std::to_chars(digits, digits + sizeof digits, time).ptr);
  uint64_t hash = XXH3_64bits(key.data(), key.size());
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) id[static_cast<size_t>(i)] = "0123456789abcdef"[hash & 15];
  return id;
}

}  // namespace flowc::engine
