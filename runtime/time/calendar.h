// Wall-clock arithmetic in IANA time zones for waits, quiet hours, date
// triggers and local-time campaigns (Howard Hinnant's date/tz library over
// the system's zone database).
//
// All instants are seconds since 1970 UTC. A wall time that falls in a
// daylight-saving gap moves forward by the gap's length (02:30 on a
// spring-forward night becomes 03:30); one that falls in an overlap takes the
// earlier instant. Weekday sets are bit sets, bit 0 = Monday .. bit 6 =
// Sunday; 0 means any day.
#pragma once

#include <cstdint>
#include <string>

namespace date {
class time_zone;
}

namespace flowc::rt {

using Zone = const date::time_zone*;

// The zone of that name, or null when it is not a valid IANA name.
Zone find_zone(const std::string& name);
Zone utc_zone();

// A wall time (minutes since 1970-01-01 00:00 local) to an instant.
int64_t local_to_instant(int64_t local_minutes, Zone zone);
// An instant to local minutes since 1970-01-01 00:00.
int64_t instant_to_local_minutes(int64_t instant, Zone zone);
// The local weekday of an instant: 0 = Monday .. 6 = Sunday.
int local_weekday(int64_t instant, Zone zone);

// `wait DUR`: now + seconds (exact), then moved forward to the first allowed
// day, keeping the local time of day.
int64_t wait_for(int64_t now, int64_t seconds, uint8_t days, Zone zone);
// `wait N d at HH:MM`: the local date of now plus N days, at HH:MM; then
// moved forward to the first allowed day.
int64_t wait_calendar_days(int64_t now, int64_t day_count, int at_minute, uint8_t days, Zone zone);
// `wait until HH:MM`: the first local HH:MM strictly after now on an allowed day.
int64_t wait_until(int64_t now, int at_minute, uint8_t days, Zone zone);

// Quiet hours [start, end) in local minutes after midnight (they may span
// midnight, as 21:00 to 09:00 does). Returns the end of the quiet period
// containing t, or t itself when t is outside quiet hours.
int64_t quiet_hours_end(int64_t t, int start_minute, int end_minute, Zone zone);

// The next date-trigger moment strictly after `after`: the date property
// (days since 1970; for yearly the month and day recur every year, 29 Feb
// falling on 28 Feb in other years) plus offset_seconds, at at_minute local
// time (-1: midnight). Returns -1 when there is none (a past one-off date).
int64_t next_date_trigger(int64_t after, int64_t date_days, bool yearly, int64_t offset_seconds, int at_minute,
                          Zone zone);

}  // namespace flowc::rt
