// How deep a value may nest lists (a list holding lists...): what an
// event's JSON array may hold (runtime/events/decode_properties.cpp) and
// what saved state reads back (runtime/state/encoding.cpp). One limit, so
// that any value a record brings can be saved and loaded again.
#pragma once

namespace flowc::ir {

inline constexpr int kMaxListNesting = 9;  // levels of lists, the outermost included

}  // namespace flowc::ir
