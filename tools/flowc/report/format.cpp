// Number formatting shared by the report's outputs (format.h).
#include "report/format.h"

#include <fmt/format.h>

#include <cmath>

namespace flowc::report {

std::string rate(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string money(double amount) {
  // A report written by hand may hold anything; keep the output finite.
  if (!std::isfinite(amount)) amount = 0;
  return fmt::format("{:.2f}", amount);
}

std::string per_recipient(double revenue, uint64_t recipients) {
  if (recipients == 0) return "-";
  return money(revenue / static_cast<double>(recipients));
}

std::string listed(const Counts& counts) {
  std::string out;
  for (const auto& [name, n] : counts) {
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", name, n);
  }
  return out.empty() ? "-" : out;
}

}  // namespace flowc::report
