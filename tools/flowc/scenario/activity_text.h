// One activity record as one short line for people, for the "got" side of a
// failed expectation:
//
//   2026-11-02T14:00:00Z  send        email cart_1  flow "Abandoned Cart"
//   2026-11-03T10:00:00Z  skip        sms cart_sms  flow "Abandoned Cart"  reason no_consent
//
// Rendered texts (subject, body) are left out; the record's own JSON has them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace flowc::cli::scenario {

std::string activity_text(const nlohmann::json& record);

// A name as the test file would write it: bare when it is one word, else quoted.
std::string quote_name(const std::string& name);

}  // namespace flowc::cli::scenario
