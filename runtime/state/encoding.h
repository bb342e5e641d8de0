// The versioned binary encoding of the logical state (docs/state.md, "Value
// encoding"): a tag-length-value format in the manner of protobuf's wire
// format, written and read by hand from the field lists of schema.h.
//
// A record (one stored value) is a record-kind byte, a record version
// (varint), the length of the rest (varint: a cut at a field boundary would
// otherwise decode), then fields. A field is a key varint (tag << 3 | wire type) and
// a varint (wire 0), 8 little-endian bytes (wire 1: doubles as IEEE bits) or
// a varint length and that many bytes (wire 2: strings, typed values, nested
// structs). Fields come in ascending tag order, a list field as one entry per
// element, and a field holding its default (0, false, +0.0, "", unset, empty)
// is left out, so the encoding of a struct is canonical: two structs are
// identical exactly when their encodings are equal.
//
// A profile's record can also be written field by field, straight from the
// engine (field_writer.h), in the same bytes.
//
// Decoding skips tags it does not know (so a field can be added without a
// format bump), checks every length against the bytes left before using it
// (damaged input never allocates more than its own size), and on any damage
// fails with a message naming the field: "`runs[2].flow`: truncated".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "state/logical.h"

namespace flowc::state {

// The record version this flowc writes and the newest it reads. A version
// bump is for incompatible changes only; new fields need none.
inline constexpr uint64_t kRecordVersion = 1;

// Defined (explicitly instantiated) for the stored records: ProfileState,
// GlobalState, ReportState, CheckpointState, SendState, OriginState,
// PriceState, InputErrorState, FormatState.
template <class Record> std::string encode(const Record& record);
// The same into `out`, replacing its content but keeping its capacity: a
// loop encoding many records into one buffer allocates once.
template <class Record> void encode_into(const Record& record, std::string& out);

// Returns false and sets `error` (lowercase, names the field) when the bytes
// are not a valid record of this kind; `record` is then unspecified.
template <class Record> bool decode(std::string_view bytes, Record& record, std::string& error);

// A profile's record added to a checkpoint's (encoded_profiles.h).
inline void add_encoded(EncodedProfiles& to, const ProfileState& profile) {
  to.add(profile.id, profile.ordinal, encode(profile));
}

// Whether two records hold the same fields, doubles compared bit for bit
// (-0.0 differs from 0.0; a NaN equals the same NaN).
template <class Record> bool identical(const Record& a, const Record& b) { return encode(a) == encode(b); }

}  // namespace flowc::state
