// Account usage as CSV, one row per month, like the seed's usage page
// ("Utilisation du compte") download. Months are "YYYY-MM", or one "all"
// row when the report has only totals (runtimes before `usage_by_month`).
#include <fmt/format.h>

#include <string_view>

#include "report/report.h"

namespace flowc::report {

namespace {

// A text cell, safe to open in a spreadsheet. A cell starting with = + - @
// (or tab or carriage return) would be run as a formula ("CSV injection"):
// as OWASP recommends, it gets a leading single quote, which spreadsheets
// show as text. Then RFC 4180 quoting, for a comma, quote or line break.
// Month keys come from the report file, which may have been edited.
std::string cell(const std::string& s) {
  std::string text = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos ? "'" + s : s;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
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
