// Stable send ids: a hash of where a send comes from, to whom, which entry
// and when — the same on every run and on either engine.
#pragma once

#include <fmt/format.h>
#include <xxhash.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace flowc::engine {

inline std::string send_id_for(std::string_view source, std::string_view name, std::string_view step,
                               std::string_view profile, uint32_t occurrence, int64_t time) {
  std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", source, name, step, profile, occurrence, time);
  return fmt::format("{:016x}", XXH3_64bits(key.data(), key.size()));
}

}  // namespace flowc::engine
