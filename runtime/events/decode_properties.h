// Internal to runtime/events: turning JSON values into typed Values, shared
// by the reader and its property decoding.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "events/string_cache.h"
#include "ir/module.h"

namespace flowc::events::detail {

// "a string", "a number", ... for error messages.
const char* json_kind(const simdjson::dom::element& e);
// A value quoted for an error message, escaped and cut to 80 bytes.
std::string quote(std::string_view s);
// Decodes `json` as `type`; false with a `problem` sentence when it does not
// fit. Strings come from `strings` (shared with equal recent ones) when given.
bool decode_value(const simdjson::dom::element& json, ir::Type type, ir::Value& out, std::string& problem,
                  StringCache* strings = nullptr);

}  // namespace flowc::events::detail
