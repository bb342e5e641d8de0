// The `source`, `name`, `step` and `channel` fields of activity records as
// finished JSON text, made once per origin.
//
// A run writes the same few origins (a flow and its steps, a campaign's
// sends) on most of its lines: escaping and keying the four fields again on
// every line was half the cost of starting one (1,300 of 2,400
// instructions). An origin's views usually point into the module, so the
// table is keyed by where they point; the texts are kept too and compared
// on every hit, so a view into memory since reused for other text (a name
// read from saved state, say) finds a different entry instead of a wrong
// fragment. The table is emptied when it reaches kMostOrigins, so a stream
// of distinct origins costs bounded memory (and only its escaping).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/activity.h"

namespace flowc::engine {

class OriginFragments {
 public:
  // `,"source":...,"name":...` and so on for the fields `origin` has, or ""
  // for none; valid until the next call.
  std::string_view of(const Origin& origin) {
    const Key key{origin.source, origin.name.data(), origin.name.size(), origin.step.data(), origin.step.size(),
                  origin.channel};
    auto found = fragments_.find(key);
    if (found != fragments_.end() && found->second.reads(origin)) return found->second.json;
    if (fragments_.size() >= kMostOrigins) fragments_.clear();
    Fragment& made = fragments_[key];
    made = Fragment{std::string(text(origin.source)), std::string(origin.name), std::string(origin.step),
                    std::string(text(origin.channel)),
                    render(origin)};
    return made.json;
  }

  static constexpr size_t kMostOrigins = 4096;
  size_t size() const { return fragments_.size(); }

 private:
  struct Key {
    const char* source;
    const char* name;
    size_t name_size;
    const char* step;
    size_t step_size;
    const char* channel;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = reinterpret_cast<uintptr_t>(k.source);
      for (uint64_t part : {uint64_t(reinterpret_cast<uintptr_t>(k.name)), uint64_t(k.name_size),
                            uint64_t(reinterpret_cast<uintptr_t>(k.step)), uint64_t(k.step_size),
                            uint64_t(reinterpret_cast<uintptr_t>(k.channel))})
        h = (h ^ part) * 0x9E3779B97F4A7C15ull;
      return static_cast<size_t>(h ^ (h >> 32));
    }
  };
  // What the key's pointers read when the fragment was made ("" for null).
  struct Fragment {
    std::string source, name, step, channel;
    std::string json;
    bool reads(const Origin& o) const {
      return name == o.name && step == o.step && source == text(o.source) && channel == text(o.channel);
    }
  };
  static std::string_view text(const char* s) { return s ? std::string_view(s) : std::string_view(); }

  // The fields as ActivityWriter::start wrote them one by one.
  static std::string render(const Origin& origin) {
    std::string out;
    auto field = [&](std::string_view key, std::string_view value) {
      out += ",\"";
      out += key;
      out += "\":";
      append_json_string(out, value);
    };
    if (origin.source) {
      field("source", origin.source);
      field("name", origin.name);
    }
    if (!origin.step.empty()) field("step", origin.step);
    if (origin.channel) field("channel", origin.channel);
    return out;
  }

  std::unordered_map<Key, Fragment, KeyHash> fragments_;
};

}  // namespace flowc::engine
