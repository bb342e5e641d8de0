// RFC 3339 times <-> seconds since 1970 UTC.
//
// Hand-written rather than std::chrono::parse: the input is untrusted and
// hot (every record has a `time`), and we want exact control over what is
// accepted: "YYYY-MM-DD" 'T' "HH:MM:SS" [".digits"] ('Z' | "+HH:MM" |
// "-HH:MM"), with 't'/'z' in lower case and a space for 'T' (RFC 3339 5.6
// allows both). Fractional seconds are dropped, as Record::time keeps whole
// seconds. Calendar arithmetic is Howard Hinnant's days_from_civil, valid
// for any year.
#include <fmt/compile.h>
#include <fmt/format.h>

#include "events/reader.h"
#include "ir/value.h"

namespace flowc::events {

namespace {

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A cursor over the text; every read checks bounds, so no input can make it
// read past the end.
struct Cursor {
  std::string_view s;
  size_t p = 0;

  bool digits(int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i, ++p) {
      if (p >= s.size() || s[p] < '0' || s[p] > '9') return false;
      out = out * 10 + (s[p] - '0');
    }
    return true;
  }
  // One given character (the separators: most of a time's checks, so
  // without the search one_of does).
  bool is(char expected) {
    if (p >= s.size() || s[p] != expected) return false;
    ++p;
    return true;
  }
  bool one_of(std::string_view chars) {
    if (p >= s.size() || chars.find(s[p]) == std::string_view::npos) return false;
    ++p;
    return true;
  }
  void skip_fraction() {
    if (p >= s.size() || s[p] != '.') return;
    const size_t start = ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
    if (p == start) p = s.size() + 1;  // "10:00:00.Z": make the parse fail
  }
  bool at_end() const { return p == s.size(); }
};

// "Z" -> 0, "+02:00" -> 7200, "-05:00" -> -18000; nullopt when malformed.
std::optional<int64_t> read_offset(Cursor& c) {
  if (c.one_of("Zz")) return 0;
  if (c.p >= c.s.size()) return std::nullopt;
  const int sign = c.s[c.p] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!c.one_of("+-") || !c.digits(2, hh) || !c.is(':') || !c.digits(2, mm)) return std::nullopt;
  if (hh > 23 || mm > 59) return std::nullopt;
  return sign * (hh * 3600 + mm * 60);
}

}  // namespace

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  const std::optional<int64_t> t = parse_rfc3339_any_year(text);
  if (!t || !in_time_range(*t)) return std::nullopt;
  return t;
}

// The form nearly every record writes, "2026-11-01T10:00:00Z", read at
// fixed places: the cursor's checks one character at a time cost ~340
// instructions a record. False when `text` is not in exactly this form
// (the general parse then decides); the calendar checks are the caller's.
bool read_canonical(std::string_view text, int& y, int& mo, int& d, int& h, int& mi, int& s) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return false;
  static constexpr int kDigits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  for (int at : kDigits)
    if (static_cast<unsigned char>(text[at] - '0') > 9) return false;
  auto two = [&](int at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
  y = two(0) * 100 + two(2);
  mo = two(5);
  d = two(8);
  h = two(11);
  mi = two(14);
  s = two(17);
  return true;
}

std::optional<int64_t> parse_rfc3339_any_year(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::optional<int64_t> offset = 0;
  if (!read_canonical(text, y, mo, d, h, mi, s)) {
    Cursor c{text};
    if (!c.digits(4, y) || !c.is('-') || !c.digits(2, mo) || !c.is('-') || !c.digits(2, d)) return std::nullopt;
    if (!c.one_of("Tt ") || !c.digits(2, h) || !c.is(':') || !c.digits(2, mi) || !c.is(':') || !c.digits(2, s))
      return std::nullopt;
    c.skip_fraction();
    offset = read_offset(c);
    if (!offset || !c.at_end()) return std::nullopt;
  }
  // Seconds may be 60 (a leap second, RFC 3339 5.7); it rolls over into the next minute.
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - *offset;
}

std::string format_rfc3339(int64_t seconds) {
  int64_t days = seconds / 86400, rest = seconds % 86400;
  if (rest < 0) {  // floor, not truncation, for times before 1970
    rest += 86400;
    --days;
  }
  const ir::Civil c = ir::civil_from_days(days);
  // Years 0000-9999 by hand: every `send` record writes its `consent_since`
  // with this, and fmt's compiled format took ~1,800 instructions a call.
  // Others (no time flowc reads, but a computed one may be) as fmt writes
  // them: "-001", "10000".
  if (c.year < 0 || c.year > 9999)
    return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z"), c.year, c.month, c.day, rest / 3600,
                       rest / 60 % 60, rest % 60);
  const int64_t year = c.year;
  char text[20];
  auto two = [](char* at, int64_t v) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  two(text, year / 100);
  two(text + 2, year % 100);
  text[4] = '-';
  two(text + 5, c.month);
  text[7] = '-';
  two(text + 8, c.day);
  text[10] = 'T';
  two(text + 11, rest / 3600);
  text[13] = ':';
  two(text + 14, rest / 60 % 60);
  text[16] = ':';
  two(text + 17, rest % 60);
  text[19] = 'Z';
  return std::string(text, sizeof text);
}

}  // namespace flowc::events
