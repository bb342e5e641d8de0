// Wall-clock arithmetic over Howard Hinnant's date/tz (system zone database).
//
// Everything works in whole seconds. Local wall time is handled as "local
// seconds" (seconds since 1970-01-01 00:00 wall time in the zone); the public
// API speaks local minutes. A null Zone is treated as UTC so that a missing
// zone database degrades to UTC instead of crashing.
#include "time/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace flowc::rt {
namespace {

using Seconds = std::chrono::seconds;

constexpr int64_t kMinutesPerDay = 1440;
constexpr int64_t kSecondsPerDay = 86400;
// The tz library works on years -32767..32767 with int day counts; keep every
// instant inside years 0001..9999 so absurd inputs (a profile date of year
// 1e9) cannot overflow. Results are clamped, not rejected.
constexpr int64_t kMinInstant = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxInstant = 253402300799;  // 9999-12-31T23:59:59Z
// Invalid zone names are cached too (a run sees the same bad profile value
// many times and each miss costs an exception), but only up to this many.
constexpr size_t kMaxCachedMisses = 4096;

int64_t clamp_instant(int64_t t) { return std::clamp(t, kMinInstant, kMaxInstant); }

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Saturating a + b: offsets and wait spans come from user data.
int64_t add_sat(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  return r;
}

// Minutes after midnight; anything outside a day is clamped into it.
int clamp_minute(int minute) { return std::clamp(minute, 0, static_cast<int>(kMinutesPerDay - 1)); }

bool day_allowed(uint8_t days, int weekday) {
  uint8_t mask = days & 0x7F;  // bit 7 is meaningless; a mask of only it means "any"
  return mask == 0 || ((mask >> weekday) & 1) != 0;
}

// Weekday of a local day number (days since 1970-01-01, a Thursday): 0 = Monday.
int weekday_of_day(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

// First local day >= day whose weekday is allowed (at most 6 steps).
int64_t first_allowed_day(int64_t day, uint8_t days) {
  while (!day_allowed(days, weekday_of_day(day))) ++day;
  return day;
}

int64_t instant_to_local_seconds(int64_t instant, Zone zone) {
  instant = clamp_instant(instant);
  if (!zone) return instant;
  date::sys_seconds tp{Seconds{instant}};
  return instant + zone->get_info(tp).offset.count();
}

// Local seconds to an instant. Gap: the offset in force before the
// transition, which moves the wall time forward by the gap's length. Overlap:
// the earlier instant, unless `prefer_after` is given and the earlier one is
// not after it (quiet hours must never end before they began).
int64_t local_seconds_to_instant(int64_t local, Zone zone, int64_t prefer_after = kMinInstant - 1) {
  local = clamp_instant(local);
  if (!zone) return local;
  date::local_seconds tp{Seconds{local}};
  auto info = zone->get_info(tp);
  int64_t first = local - info.first.offset.count();
  if (info.result != date::local_info::ambiguous || first > prefer_after) return first;
  return local - info.second.offset.count();
}

int64_t local_day_at(int64_t day, int minute, Zone zone) {
  return local_to_instant(day * kMinutesPerDay + minute, zone);
}

// Local day number of an instant.
int64_t local_day_of(int64_t instant, Zone zone) {
  return floor_div(instant_to_local_seconds(instant, zone), kSecondsPerDay);
}

// The instant of a day number at a local minute plus an offset (a date
// trigger's candidate). Whole days of the offset move the calendar date, so
// `offset -1d at 09:00` is 09:00 local the day before even across a
// daylight-saving change; only the remainder is added as exact seconds.
int64_t trigger_candidate(const date::year_month_day& ymd, int minute, int64_t offset, Zone zone) {
  int64_t day = date::sys_days{ymd}.time_since_epoch().count();
  // (Offsets beyond a century are not calendar offsets; they stay exact.)
  int64_t whole_days = offset / kSecondsPerDay;
  if (whole_days > 36600 || whole_days < -36600) whole_days = 0;
  return add_sat(local_day_at(day + whole_days, minute, zone), offset - whole_days * kSecondsPerDay);
}

// The anniversary of month/day in year y; 29 Feb falls on 28 Feb in other years.
date::year_month_day anniversary(date::year y, date::month m, date::day d) {
  date::year_month_day ymd{y, m, d};
  return ymd.ok() ? ymd : date::year_month_day{y / m / date::last};
}

}  // namespace

Zone find_zone(const std::string& name) {
  // "localtime" is the machine's zone, not an IANA name: accepting it would
  // make output depend on the host.
  if (name.empty() || name == "localtime") return nullptr;
  static std::mutex mutex;
  static std::unordered_map<std::string, Zone> cache;
  static size_t misses = 0;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  Zone zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (...) {
    zone = nullptr;
  }
  if (zone || misses < kMaxCachedMisses) {
    misses += zone ? 0 : 1;
    cache.emplace(name, zone);
  }
  return zone;
}

Zone utc_zone() {
  static const Zone zone = [] {
    Zone z = find_zone("UTC");
    return z ? z : find_zone("Etc/UTC");
  }();
  return zone;
}

int64_t local_to_instant(int64_t local_minutes, Zone zone) {
  int64_t limit = kMaxInstant / 60;
  return local_seconds_to_instant(std::clamp(local_minutes, -limit, limit) * 60, zone);
}

int64_t instant_to_local_minutes(int64_t instant, Zone zone) {
  return floor_div(instant_to_local_seconds(instant, zone), 60);
}

int local_weekday(int64_t instant, Zone zone) { return weekday_of_day(local_day_of(instant, zone)); }

int64_t wait_for(int64_t now, int64_t seconds, uint8_t days, Zone zone) {
  int64_t t = clamp_instant(add_sat(now, seconds));
  int64_t local = instant_to_local_seconds(t, zone);
  int64_t day = floor_div(local, kSecondsPerDay);
  int64_t target = first_allowed_day(day, days);
  // Already allowed: keep the exact instant (a round trip through wall time
  // would move a time in the second half of an overlap to the first half).
  if (target == day) return t;
  int64_t time_of_day = local - day * kSecondsPerDay;
  return local_seconds_to_instant(target * kSecondsPerDay + time_of_day, zone);
}

// With day_count == 0 this is "today at HH:MM", which may already have passed
// (or be exactly now); then it is tomorrow at HH:MM, so the wake-up is always
// strictly after now -- the same rule as `wait until`. With day_count > 0 the
// date alone decides (the result is a later date, so it is after now anyway).
// A negative count is treated as 0.
int64_t wait_calendar_days(int64_t now, int64_t day_count, int at_minute, uint8_t days, Zone zone) {
  int minute = clamp_minute(at_minute);
  int64_t day = local_day_of(now, zone) + std::clamp<int64_t>(day_count, 0, kMaxInstant / kSecondsPerDay);
  if (day_count <= 0 && local_day_at(day, minute, zone) <= now) ++day;
  return local_day_at(first_allowed_day(day, days), minute, zone);
}

int64_t wait_until(int64_t now, int at_minute, uint8_t days, Zone zone) {
  return wait_calendar_days(now, 0, at_minute, days, zone);
}

int64_t quiet_hours_end(int64_t t, int start_minute, int end_minute, Zone zone) {
  // Normalise into a day; an empty window (start == end) is never quiet.
  int start = static_cast<int>(((start_minute % kMinutesPerDay) + kMinutesPerDay) % kMinutesPerDay);
  int end = static_cast<int>(((end_minute % kMinutesPerDay) + kMinutesPerDay) % kMinutesPerDay);
  if (start == end) return t;
  int64_t local = instant_to_local_minutes(t, zone);
  int64_t day = floor_div(local, kMinutesPerDay);
  int64_t minute = local - day * kMinutesPerDay;
  int64_t end_day;
  if (start < end) {
    if (minute < start || minute >= end) return t;
    end_day = day;
  } else if (minute >= start) {
    end_day = day + 1;  // evening part of a window spanning midnight
  } else if (minute < end) {
    end_day = day;  // morning part
  } else {
    return t;
  }
  int64_t result = local_seconds_to_instant((end_day * kMinutesPerDay + end) * 60, zone, t);
  return std::max(result, t);
}

// The year to start searching from: a candidate is anniversary + offset, so
// it is after `after` exactly when the anniversary is after `after - offset`.
// Starting one year before that moment's local year covers any offset size.
int64_t next_date_trigger(int64_t after, int64_t date_days, bool yearly, int64_t offset_seconds, int at_minute,
                          Zone zone) {
  int minute = at_minute < 0 ? 0 : clamp_minute(at_minute);
  constexpr int64_t kMinDay = kMinInstant / kSecondsPerDay, kMaxDay = kMaxInstant / kSecondsPerDay;
  if (date_days < kMinDay || date_days > kMaxDay) return -1;  // outside years 0001..9999: not a real date
  date::year_month_day date{date::sys_days{date::days{static_cast<int>(date_days)}}};
  if (!yearly) {
    int64_t candidate = trigger_candidate(date, minute, offset_seconds, zone);
    return candidate > after ? candidate : -1;
  }
  int64_t pivot = local_day_of(add_sat(after, -offset_seconds), zone);
  date::year_month_day pivot_date{date::sys_days{date::days{static_cast<int>(pivot)}}};
  for (int y = static_cast<int>(pivot_date.year()) - 1, tries = 0; tries < 4; ++y, ++tries) {
    int64_t candidate = trigger_candidate(anniversary(date::year{y}, date.month(), date.day()), minute,
                                          offset_seconds, zone);
    if (candidate > after) return candidate;
  }
  return -1;  // only when `after` is at the end of the supported range
}

}  // namespace flowc::rt
