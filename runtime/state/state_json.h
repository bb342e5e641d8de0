// The logical state (logical.h) as JSON, for people and their tools: what
// `flowc state inspect` and `flowc state export` print (docs/state.md,
// "Reading a state").
//
// A struct becomes an object holding every one of its fields, named and
// ordered as in schema.h: the JSON walks the same field lists as the
// encoding, so a field added to schema.h shows up here with no change.
// How fields read:
//  - signed 64-bit fields are times (seconds since 1970, logical.h) and
//    print as RFC 3339 UTC text, "2026-11-01T10:00:00Z"; the few that are
//    something else (a duration, a day, a month, -1 for none) are listed by
//    name in state_json.cpp; a time outside the years 1-9999 stays a number;
//  - a field X whose sibling `has_X` is false is null;
//  - doubles are JSON numbers that read back to the same bits (-0.0
//    included); NaN and the infinities are the strings "NaN", "Infinity",
//    "-Infinity";
//  - a typed value (ir::Value) is an object with one key, its kind:
//    {"int": 3}, {"number": 2.5}, {"string": "x"}, {"bool": true},
//    {"date": "2026-11-01"}, {"datetime": "2026-11-01T10:00:00Z"},
//    {"duration": "1d 2h"}, {"consent": "subscribed"}, {"list": [...]}; the
//    unset value is null;
//  - a list of named values, counts or times is an object by name;
//  - enums print their names ("waiting", "resume_run");
//  - raw byte fields (the input digest) are lowercase hex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "state/logical.h"

namespace flowc::state {

using Json = nlohmann::ordered_json;

// A typed value, as above.
Json value_json(const ir::Value& value);

// Seconds since 1970 as RFC 3339 UTC text (a number outside 0001-9999).
Json time_json(int64_t seconds);

// Defined for the stored records and their parts: ProfileState,
// GlobalState, ReportState, CheckpointState, SendState, OriginState,
// PriceState, InputErrorState, FormatState, RunState, WakeState.
template <class Record> Json record_json(const Record& record);

// Bytes as lowercase hex.
std::string hex_text(std::string_view bytes);

const char* position_name(RunPosition position);  // waiting | deferred | ended
const char* wake_kind_name(WakeKind kind);        // resume_run | date_trigger | ...

// The text of a document (`indent` < 0: one line). Bytes that are not
// UTF-8 print as U+FFFD, as in the activity.
std::string json_text(const Json& json, int indent = -1);

}  // namespace flowc::state
