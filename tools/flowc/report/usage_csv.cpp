// Account usage as CSV, one row per month, like the seed's usage page
// ("Utilisation du compte") download. Months are "YYYY-MM", or one "all"
// row when the report has only totals (runtimes before `usage_by_month`).
#include <fmt/format.h>

#include "report/report.h"

namespace flowc::report {

namespace {

// RFC 4180 quoting, for a hand-edited report whose month key has a comma.
std::string cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string usage_csv(const Report& report) {
  std::string out = "month,active_profiles,emails_sent,sms_sent,sms_credits,push_sent,whatsapp_sent\n";
  for (const auto& [month, u] : usage_months(report))
    out += fmt::format("{},{},{},{},{},{},{}\n", cell(month), u.active_profiles, u.emails_sent, u.sms_sent, u.sms_credits,
                       u.push_sent, u.whatsapp_sent);
  return out;
}

}  // namespace flowc::report
