// Calendar arithmetic (runtime/time/calendar.h). Every expected value is
// worked out by hand and written as an RFC 3339 literal; the helpers below
// convert with plain civil-date arithmetic, independent of the tz library.
#include <catch2/catch.hpp>

#include <date/tz.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "time/calendar.h"

using namespace flowc::rt;

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t civil_days(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// "2026-03-08T07:30:00Z" or "2026-03-08T03:30:00-04:00" to an instant.
int64_t at(const std::string& text) {
  int y, mo, d, h, mi, s, oh = 0, om = 0;
  char zone[8] = {};
  REQUIRE(std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%7s", &y, &mo, &d, &h, &mi, &s, zone) == 7);
  int64_t offset = 0;
  if (zone[0] != 'Z') {
    REQUIRE(std::sscanf(zone + 1, "%d:%d", &oh, &om) == 2);
    offset = (zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  return civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
}

// An instant as "YYYY-MM-DDTHH:MM:SSZ", so failures read as times.
std::string iso(int64_t t) {
  if (t == -1) return "-1";
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  // civil_from_days (H. Hinnant)
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
                (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
  return buf;
}

// Wall time as local minutes since 1970-01-01 00:00.
int64_t wall(int64_t y, int m, int d, int h, int mi) { return civil_days(y, m, d) * 1440 + h * 60 + mi; }

constexpr int hm(int h, int m) { return h * 60 + m; }

// Weekday bits: bit 0 = Monday .. bit 6 = Sunday.
constexpr uint8_t MON = 1, TUE = 2, WED = 4, THU = 8, FRI = 16, SAT = 32, SUN = 64;
constexpr uint8_t MON_FRI = MON | TUE | WED | THU | FRI;
constexpr int64_t DAY = 86400;

Zone ny() { return find_zone("America/New_York"); }
Zone paris() { return find_zone("Europe/Paris"); }
Zone tokyo() { return find_zone("Asia/Tokyo"); }

}  // namespace

#define CHECK_AT(actual, expected) CHECK(iso(actual) == iso(at(expected)))

TEST_CASE("time: zones are found, cached, and invalid names give null", "[time]") {
  REQUIRE(ny() != nullptr);
  CHECK(ny() == find_zone("America/New_York"));
  CHECK(ny()->name() == "America/New_York");
  REQUIRE(utc_zone() != nullptr);
  CHECK(at("2026-01-01T00:00:00Z") == 1767225600);
  CHECK(local_to_instant(wall(2026, 1, 1, 0, 0), utc_zone()) == 1767225600);
  CHECK(find_zone("Mars/Olympus_Mons") == nullptr);
  CHECK(find_zone("Mars/Olympus_Mons") == nullptr);  // cached miss
  CHECK(find_zone("") == nullptr);
  CHECK(find_zone("europe/paris") == nullptr);  // names are case-sensitive
  CHECK(find_zone("localtime") == nullptr);     // host-dependent, not IANA
  CHECK(find_zone("../../etc/passwd") == nullptr);
}

TEST_CASE("time: instants to local minutes and weekdays", "[time]") {
  CHECK(instant_to_local_minutes(at("2026-07-01T00:00:00+09:00"), tokyo()) == wall(2026, 7, 1, 0, 0));
  // 2026-06-30T23:30Z is Tuesday in UTC but Wednesday 08:30 in Tokyo.
  CHECK(local_weekday(at("2026-06-30T23:30:00Z"), utc_zone()) == 1);
  CHECK(local_weekday(at("2026-06-30T23:30:00Z"), tokyo()) == 2);
  CHECK(local_weekday(at("2026-03-08T12:00:00Z"), ny()) == 6);  // Sunday
  CHECK(local_weekday(at("1970-01-01T00:00:00Z"), utc_zone()) == 3);  // Thursday
  // Before 1970 minutes round down, not toward zero.
  CHECK(instant_to_local_minutes(at("1969-12-31T23:59:59Z"), utc_zone()) == -1);
  CHECK(local_weekday(at("1969-12-31T23:59:59Z"), utc_zone()) == 2);  // Wednesday
  // The second 01:30 of the New York fall-back night is still 01:30 local.
  CHECK(instant_to_local_minutes(at("2026-11-01T01:30:00-05:00"), ny()) == wall(2026, 11, 1, 1, 30));
}

TEST_CASE("time: wall times in DST gaps move forward, overlaps take the earlier instant", "[time]") {
  // New York springs forward at 02:00 on 2026-03-08: 02:30 does not exist.
  CHECK_AT(local_to_instant(wall(2026, 3, 8, 2, 30), ny()), "2026-03-08T07:30:00Z");  // 03:30 EDT
  CHECK_AT(local_to_instant(wall(2026, 3, 8, 2, 0), ny()), "2026-03-08T03:00:00-04:00");
  CHECK_AT(local_to_instant(wall(2026, 3, 8, 1, 59), ny()), "2026-03-08T01:59:00-05:00");
  // Falls back at 02:00 on 2026-11-01: 01:30 happens twice; the first (EDT) wins.
  CHECK_AT(local_to_instant(wall(2026, 11, 1, 1, 30), ny()), "2026-11-01T05:30:00Z");
  CHECK_AT(local_to_instant(wall(2026, 11, 1, 2, 0), ny()), "2026-11-01T02:00:00-05:00");
  // Paris: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00.
  CHECK_AT(local_to_instant(wall(2026, 3, 29, 2, 15), paris()), "2026-03-29T03:15:00+02:00");
  CHECK_AT(local_to_instant(wall(2026, 10, 25, 2, 30), paris()), "2026-10-25T02:30:00+02:00");
  // A calendar wait landing in the gap moves forward too.
  CHECK_AT(wait_calendar_days(at("2026-03-07T12:00:00-05:00"), 1, hm(2, 30), 0, ny()), "2026-03-08T03:30:00-04:00");
}

TEST_CASE("time: the seed's example, 3 calendar days at 15:00", "[time]") {
  // Sent 1 Feb at 15:00, wait three days -> 4 Feb at 15:00.
  CHECK_AT(wait_calendar_days(at("2026-02-01T15:00:00+01:00"), 3, hm(15, 0), 0, paris()), "2026-02-04T15:00:00+01:00");
  CHECK_AT(wait_calendar_days(at("2026-02-01T15:00:00Z"), 3, hm(15, 0), 0, utc_zone()), "2026-02-04T15:00:00Z");
  // Entering at 15:40, calendar days still give 15:00; 24-hour periods keep 15:40.
  CHECK_AT(wait_calendar_days(at("2026-02-01T15:40:00+01:00"), 3, hm(15, 0), 0, paris()), "2026-02-04T15:00:00+01:00");
  CHECK_AT(wait_for(at("2026-02-01T15:40:00+01:00"), 3 * DAY, 0, paris()), "2026-02-04T15:40:00+01:00");
  // Late at night, the calendar date counts, not 72 hours.
  CHECK_AT(wait_calendar_days(at("2026-02-01T23:50:00+01:00"), 1, hm(9, 0), 0, paris()), "2026-02-02T09:00:00+01:00");
}

TEST_CASE("time: 24-hour periods vs calendar days across US DST changes", "[time]") {
  // Spring forward: 1d is exactly 86400 s, so 10:00 EST becomes 11:00 EDT.
  CHECK_AT(wait_for(at("2026-03-07T10:00:00-05:00"), DAY, 0, ny()), "2026-03-08T11:00:00-04:00");
  // `wait 1d at 10:00` keeps 10:00 local (23 hours later).
  CHECK_AT(wait_calendar_days(at("2026-03-07T10:00:00-05:00"), 1, hm(10, 0), 0, ny()), "2026-03-08T10:00:00-04:00");
  // Fall back: 10:00 EDT + 86400 s is 09:00 EST.
  CHECK_AT(wait_for(at("2026-10-31T10:00:00-04:00"), DAY, 0, ny()), "2026-11-01T09:00:00-05:00");
  CHECK_AT(wait_calendar_days(at("2026-10-31T10:00:00-04:00"), 1, hm(10, 0), 0, ny()), "2026-11-01T10:00:00-05:00");
  // Exact spans of hours are untouched by the zone.
  CHECK_AT(wait_for(at("2026-03-08T01:30:00-05:00"), 3600, 0, ny()), "2026-03-08T03:30:00-04:00");
  // Paris the same way, on 2026-03-29.
  CHECK_AT(wait_for(at("2026-03-28T09:00:00+01:00"), DAY, 0, paris()), "2026-03-29T10:00:00+02:00");
  CHECK_AT(wait_calendar_days(at("2026-03-28T09:00:00+01:00"), 1, hm(9, 0), 0, paris()), "2026-03-29T09:00:00+02:00");
}

TEST_CASE("time: wait 0 days at HH:MM is today if still ahead, else tomorrow", "[time]") {
  CHECK_AT(wait_calendar_days(at("2026-05-05T12:00:00Z"), 0, hm(14, 0), 0, utc_zone()), "2026-05-05T14:00:00Z");
  CHECK_AT(wait_calendar_days(at("2026-05-05T12:00:00Z"), 0, hm(10, 0), 0, utc_zone()), "2026-05-06T10:00:00Z");
  CHECK_AT(wait_calendar_days(at("2026-05-05T12:00:00Z"), 0, hm(12, 0), 0, utc_zone()), "2026-05-06T12:00:00Z");
  // N > 0: the date decides even when HH:MM is earlier than now's time of day.
  CHECK_AT(wait_calendar_days(at("2026-12-31T23:00:00Z"), 1, hm(0, 30), 0, utc_zone()), "2027-01-01T00:30:00Z");
}

TEST_CASE("time: wait until HH:MM is strictly after now", "[time]") {
  // Tuesday 2026-03-10 in New York (EDT).
  CHECK_AT(wait_until(at("2026-03-10T09:00:00-04:00"), hm(9, 0), 0, ny()), "2026-03-11T09:00:00-04:00");
  CHECK_AT(wait_until(at("2026-03-10T08:59:59-04:00"), hm(9, 0), 0, ny()), "2026-03-10T09:00:00-04:00");
  CHECK_AT(wait_until(at("2026-03-10T09:00:01-04:00"), hm(9, 0), 0, ny()), "2026-03-11T09:00:00-04:00");
  // Across the spring-forward night: 09:00 EST Saturday -> 09:00 EDT Sunday.
  CHECK_AT(wait_until(at("2026-03-07T09:00:00-05:00"), hm(9, 0), 0, ny()), "2026-03-08T09:00:00-04:00");
  // Tokyo has no DST: 08:30 JST -> 09:00 JST the same morning.
  CHECK_AT(wait_until(at("2026-06-30T23:30:00Z"), hm(9, 0), 0, tokyo()), "2026-07-01T09:00:00+09:00");
  CHECK_AT(wait_until(at("2026-07-01T09:30:00+09:00"), hm(9, 0), 0, tokyo()), "2026-07-02T09:00:00+09:00");
  // UTC midnight.
  CHECK_AT(wait_until(at("2026-12-31T23:59:00Z"), hm(0, 0), 0, utc_zone()), "2027-01-01T00:00:00Z");
}

TEST_CASE("time: `on DAYS` moves forward to the first allowed day", "[time]") {
  // Friday 18:00 EST + 1d lands on Saturday; mon..fri moves it to Monday 18:00,
  // which is after the spring-forward change (EDT).
  CHECK_AT(wait_for(at("2026-03-06T18:00:00-05:00"), DAY, MON_FRI, ny()), "2026-03-09T18:00:00-04:00");
  // An allowed day is left alone.
  CHECK_AT(wait_for(at("2026-03-05T18:00:00-05:00"), DAY, MON_FRI, ny()), "2026-03-06T18:00:00-05:00");
  // `wait until 09:00 on mon..fri` from Saturday morning -> Monday 09:00.
  CHECK_AT(wait_until(at("2026-03-07T10:00:00-05:00"), hm(9, 0), MON_FRI, ny()), "2026-03-09T09:00:00-04:00");
  // Friday after 09:00 -> Monday, not Saturday.
  CHECK_AT(wait_until(at("2026-03-13T12:00:00Z"), hm(9, 0), MON_FRI, utc_zone()), "2026-03-16T09:00:00Z");
  // `wait 2d at 10:00 on mon..fri` from Thursday -> Saturday -> Monday 10:00.
  CHECK_AT(wait_calendar_days(at("2026-03-12T15:00:00Z"), 2, hm(10, 0), MON_FRI, utc_zone()), "2026-03-16T10:00:00Z");
  // Seconds of the time of day survive the move.
  CHECK_AT(wait_for(at("2026-03-07T10:15:42Z"), 0, MON, utc_zone()), "2026-03-09T10:15:42Z");
}

TEST_CASE("time: day ranges that include Sunday", "[time]") {
  const uint8_t fri_mon = FRI | SAT | SUN | MON;
  // Tuesday noon, until 08:00 on fri..mon -> Friday.
  CHECK_AT(wait_until(at("2026-03-10T12:00:00Z"), hm(8, 0), fri_mon, utc_zone()), "2026-03-13T08:00:00Z");
  // Sunday evening -> Monday morning (Sunday wraps to Monday).
  CHECK_AT(wait_until(at("2026-03-15T20:00:00Z"), hm(8, 0), fri_mon, utc_zone()), "2026-03-16T08:00:00Z");
  // Sunday only: Monday + 1h -> the next Sunday, same time.
  CHECK_AT(wait_for(at("2026-03-09T10:00:00Z"), 3600, SUN, utc_zone()), "2026-03-15T11:00:00Z");
  // sat..sun in Paris from Wednesday -> Saturday 09:00 local.
  CHECK_AT(wait_until(at("2026-07-01T12:00:00+02:00"), hm(9, 0), SAT | SUN, paris()), "2026-07-04T09:00:00+02:00");
  // The local weekday decides: Sunday 23:30 UTC is already Monday in Tokyo.
  CHECK_AT(wait_for(at("2026-03-15T23:30:00Z"), 0, SUN, tokyo()), "2026-03-22T08:30:00+09:00");
  CHECK_AT(wait_for(at("2026-03-15T23:30:00Z"), 0, MON, tokyo()), "2026-03-15T23:30:00Z");
}

TEST_CASE("time: an instant in the second half of an overlap is kept as is", "[time]") {
  // 01:30 EST on 2026-11-01 (the second 01:30) is a Sunday; with `on sun` the
  // wake-up must not be moved back to the first 01:30.
  CHECK_AT(wait_for(at("2026-11-01T01:00:00-05:00"), 1800, SUN, ny()), "2026-11-01T06:30:00Z");
}

TEST_CASE("time: quiet hours spanning midnight", "[time]") {
  const int start = hm(21, 0), end = hm(9, 0);
  // Saturday 22:00 EST: quiet until Sunday 09:00, which is EDT.
  CHECK_AT(quiet_hours_end(at("2026-03-07T22:00:00-05:00"), start, end, ny()), "2026-03-08T09:00:00-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T03:00:00-04:00"), start, end, ny()), "2026-03-10T09:00:00-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T08:59:59-04:00"), start, end, ny()), "2026-03-10T09:00:00-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T09:00:00-04:00"), start, end, ny()), "2026-03-10T09:00:00-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T21:00:00-04:00"), start, end, ny()), "2026-03-11T09:00:00-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T20:59:59-04:00"), start, end, ny()), "2026-03-10T20:59:59-04:00");
  CHECK_AT(quiet_hours_end(at("2026-03-10T00:00:00-04:00"), start, end, ny()), "2026-03-10T09:00:00-04:00");
  // Tokyo: 23:00 JST New Year's Eve -> 09:00 on 1 January.
  CHECK_AT(quiet_hours_end(at("2026-12-31T23:00:00+09:00"), start, end, tokyo()), "2027-01-01T09:00:00+09:00");
}

TEST_CASE("time: quiet hours within a day, and empty windows", "[time]") {
  const int start = hm(13, 0), end = hm(14, 0);
  CHECK_AT(quiet_hours_end(at("2026-05-05T13:30:00Z"), start, end, utc_zone()), "2026-05-05T14:00:00Z");
  CHECK_AT(quiet_hours_end(at("2026-05-05T13:00:00Z"), start, end, utc_zone()), "2026-05-05T14:00:00Z");
  CHECK_AT(quiet_hours_end(at("2026-05-05T14:00:00Z"), start, end, utc_zone()), "2026-05-05T14:00:00Z");
  CHECK_AT(quiet_hours_end(at("2026-05-05T12:59:59Z"), start, end, utc_zone()), "2026-05-05T12:59:59Z");
  CHECK_AT(quiet_hours_end(at("2026-05-05T23:00:00Z"), start, end, utc_zone()), "2026-05-05T23:00:00Z");
  // Paris wall time, not UTC: 13:30 CEST is quiet.
  CHECK_AT(quiet_hours_end(at("2026-05-05T11:30:00Z"), start, end, paris()), "2026-05-05T14:00:00+02:00");
  // start == end: no quiet hours at all.
  CHECK_AT(quiet_hours_end(at("2026-05-05T13:30:00Z"), start, start, utc_zone()), "2026-05-05T13:30:00Z");
}

TEST_CASE("time: quiet hours never end before they began in an overlap", "[time]") {
  // 01:15 EST (the second 01:15) on 2026-11-01 is inside 00:00-01:30; the first
  // 01:30 (EDT) is already past, so the window ends at 01:30 EST.
  CHECK_AT(quiet_hours_end(at("2026-11-01T01:15:00-05:00"), hm(0, 0), hm(1, 30), ny()), "2026-11-01T01:30:00-05:00");
}

TEST_CASE("time: yearly date triggers with an offset and a time", "[time]") {
  const int64_t birthday = civil_days(1990, 5, 15);
  // `trigger date profile.birthday yearly offset -1d at 09:00` in New York.
  CHECK_AT(next_date_trigger(at("2026-03-01T00:00:00Z"), birthday, true, -DAY, hm(9, 0), ny()), "2026-05-14T09:00:00-04:00");
  // Exactly at this year's moment -> next year's (strictly after).
  CHECK_AT(next_date_trigger(at("2026-05-14T09:00:00-04:00"), birthday, true, -DAY, hm(9, 0), ny()), "2027-05-14T09:00:00-04:00");
  CHECK_AT(next_date_trigger(at("2026-05-14T08:59:59-04:00"), birthday, true, -DAY, hm(9, 0), ny()), "2026-05-14T09:00:00-04:00");
  // After the birthday itself but before the new year.
  CHECK_AT(next_date_trigger(at("2026-09-01T00:00:00Z"), birthday, true, 0, -1, ny()), "2027-05-15T00:00:00-04:00");
  // A 1 January date with offset -1d fires on 31 December of the year before.
  const int64_t new_year = civil_days(1985, 1, 1);
  CHECK_AT(next_date_trigger(at("2026-06-01T00:00:00Z"), new_year, true, -DAY, hm(9, 0), paris()), "2026-12-31T09:00:00+01:00");
  CHECK_AT(next_date_trigger(at("2026-12-31T08:30:00Z"), new_year, true, -DAY, hm(9, 0), paris()), "2027-12-31T09:00:00+01:00");
  // A positive offset reaching into the next year: 20 Dec + 30d = 19 Jan.
  const int64_t dec20 = civil_days(2000, 12, 20);
  CHECK_AT(next_date_trigger(at("2026-01-10T00:00:00Z"), dec20, true, 30 * DAY, -1, utc_zone()), "2026-01-19T00:00:00Z");
  // An offset longer than a year: 1 June 2025 + 400d = 6 July 2026.
  const int64_t june1 = civil_days(2000, 6, 1);
  CHECK_AT(next_date_trigger(at("2026-01-01T00:00:00Z"), june1, true, 400 * DAY, -1, utc_zone()), "2026-07-06T00:00:00Z");
  // Tokyo midnight.
  CHECK_AT(next_date_trigger(at("2026-01-01T00:00:00Z"), june1, true, 0, -1, tokyo()), "2026-06-01T00:00:00+09:00");
}

TEST_CASE("time: 29 February anniversaries fall on 28 February", "[time]") {
  const int64_t leap_day = civil_days(2000, 2, 29);
  CHECK_AT(next_date_trigger(at("2026-01-01T00:00:00Z"), leap_day, true, 0, -1, utc_zone()), "2026-02-28T00:00:00Z");
  CHECK_AT(next_date_trigger(at("2026-03-01T00:00:00Z"), leap_day, true, 0, -1, utc_zone()), "2027-02-28T00:00:00Z");
  CHECK_AT(next_date_trigger(at("2027-03-01T00:00:00Z"), leap_day, true, 0, -1, utc_zone()), "2028-02-29T00:00:00Z");
  CHECK_AT(next_date_trigger(at("2027-03-01T00:00:00Z"), leap_day, true, -DAY, hm(9, 0), paris()), "2028-02-28T09:00:00+01:00");
}

TEST_CASE("time: one-off date triggers", "[time]") {
  const int64_t april1 = civil_days(2026, 4, 1);
  CHECK_AT(next_date_trigger(at("2026-03-01T00:00:00Z"), april1, false, 0, hm(10, 0), utc_zone()), "2026-04-01T10:00:00Z");
  CHECK(next_date_trigger(at("2026-05-01T00:00:00Z"), april1, false, 0, hm(10, 0), utc_zone()) == -1);
  CHECK(next_date_trigger(at("2026-04-01T10:00:00Z"), april1, false, 0, hm(10, 0), utc_zone()) == -1);
  // The offset can bring a past date back into the future... or the reverse.
  CHECK_AT(next_date_trigger(at("2026-04-01T12:00:00Z"), april1, false, DAY, hm(10, 0), utc_zone()), "2026-04-02T10:00:00Z");
  CHECK(next_date_trigger(at("2026-03-31T12:00:00Z"), april1, false, -DAY, hm(10, 0), utc_zone()) == -1);
  // At midnight in New York (EDT).
  CHECK_AT(next_date_trigger(at("2026-03-01T00:00:00Z"), april1, false, 0, -1, ny()), "2026-04-01T00:00:00-04:00");
  // Absurd dates are not real dates.
  CHECK(next_date_trigger(at("2026-03-01T00:00:00Z"), int64_t{1} << 40, false, 0, -1, utc_zone()) == -1);
  CHECK(next_date_trigger(at("2026-03-01T00:00:00Z"), -(int64_t{1} << 40), true, 0, -1, utc_zone()) == -1);
}

TEST_CASE("time: extreme inputs do not overflow", "[time]") {
  const int64_t big = int64_t{1} << 62;
  CHECK(wait_for(at("2026-01-01T00:00:00Z"), big, 0, ny()) > at("9000-01-01T00:00:00Z"));
  CHECK(wait_for(at("2026-01-01T00:00:00Z"), -big, MON, ny()) < at("0100-01-01T00:00:00Z"));
  CHECK(wait_calendar_days(at("2026-01-01T00:00:00Z"), big, hm(9, 0), 0, ny()) > at("9000-01-01T00:00:00Z"));
  CHECK(instant_to_local_minutes(big, paris()) > 0);
  CHECK(local_to_instant(-big, paris()) < 0);
  // Huge offsets are exact: the 1970 anniversary (09:00 EST) plus the offset.
  CHECK(next_date_trigger(big, civil_days(2000, 1, 1), true, big, hm(9, 0), ny()) == big + at("1970-01-01T09:00:00-05:00"));
  // Nothing is after the end of time.
  CHECK(next_date_trigger(INT64_MAX, civil_days(2000, 1, 1), true, 0, hm(9, 0), ny()) == -1);
}
