// Number formatting shared by the report's outputs, so the terminal, the
// CSV and the HTML page print the same figure the same way.
#pragma once

#include <cstdint>
#include <string>

#include "report/report.h"

namespace flowc::report {

// "12.5%"; "-" when there is nothing to divide by (never NaN or inf).
std::string rate(uint64_t part, uint64_t whole);
// Two decimals, no currency sign (the report has none): "1234.50".
std::string money(double amount);
// Revenue per recipient; "-" with no recipients.
std::string per_recipient(double revenue, uint64_t recipients);
// "no_consent 2, smart_sending 6"; "-" when empty or all zero.
std::string listed(const Counts& counts);

}  // namespace flowc::report
