// The wire primitives of the state encoding (encoding.h, docs/state.md
// "Value encoding"): field keys, varints, little-endian doubles,
// length-prefixed parts and typed values. Shared by the generic encoder and
// decoder (encoding.cpp) and by the writer of records built straight from
// the engine (field_writer.h), so both write the same bytes.
#pragma once

#include <bit>
#include <cstdint>
#include <string>

#include "ir/value.h"
#include "ir/value_limits.h"

namespace flowc::state::wire {

enum Wire : uint8_t { kVarint = 0, kFixed64 = 1, kBytes = 2 };

// Typed values: the codes are the contract, mapped from ir::ValueKind by
// name so that reordering the enum cannot change stored state.
constexpr uint8_t kUnsetCode = 0, kBoolCode = 1, kIntCode = 2, kNumberCode = 3, kStringCode = 4, kDateCode = 5,
                  kDateTimeCode = 6, kDurationCode = 7, kConsentCode = 8, kListCode = 9;
constexpr int kMaxListDepth = ir::kMaxListNesting;  // values nest lists no deeper than this

uint8_t value_code(ir::ValueKind kind);

inline uint64_t zigzag(int64_t x) { return (static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63); }
inline int64_t unzigzag(uint64_t x) { return static_cast<int64_t>(x >> 1) ^ -static_cast<int64_t>(x & 1); }

// Both build the bytes on the stack and append them at once: a push_back
// a byte checked the capacity and wrote a terminator each time (the
// hottest line of encoding a checkpoint's profiles).
inline void put_varint(std::string& out, uint64_t x) {
  char bytes[10];
  size_t n = 0;
  while (x >= 0x80) {
    bytes[n++] = static_cast<char>(x | 0x80);
    x >>= 7;
  }
  bytes[n++] = static_cast<char>(x);
  out.append(bytes, n);
}

inline void put_fixed64(std::string& out, uint64_t bits) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(bits >> (8 * i));
  out.append(bytes, 8);
}

inline void put_key(std::string& out, uint32_t tag, Wire wire) {
  put_varint(out, (static_cast<uint64_t>(tag) << 3) | wire);
}

// Writes a length-prefixed part in place: reserves one byte for its length
// (most parts are under 128 bytes), lets `write` append the part, then
// widens the length's varint if the part is longer. Nested parts thus cost
// one pass, not one copy per level.
template <class Write> void put_length_prefixed(std::string& out, Write&& write) {
  const size_t at = out.size();
  out.push_back('\0');
  write();
  const size_t size = out.size() - at - 1;
  if (size < 0x80) {
    out[at] = static_cast<char>(size);
    return;
  }
  std::string length;
  put_varint(length, size);
  out.replace(at, 1, length);
}

// A typed value's kind code and payload (the bytes of a value field).
void put_value_payload(std::string& out, const ir::Value& value);

}  // namespace flowc::state::wire
