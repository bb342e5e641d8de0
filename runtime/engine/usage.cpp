// Account usage (RUNTIME.md section 8, the seed's "Utilisation du compte"):
// messages and SMS credits in total, per month and per day, in the account's
// time zone, and the profiles that were sent something (active profiles).
#include <algorithm>

#include "engine/civil_date.h"
#include "engine/engine.h"
#include "stdlib/sms.h"

namespace flowc::engine {

namespace {

void add_send(Usage& usage, ir::Channel channel, uint64_t credits) {
  switch (channel) {
    case ir::Channel::Email: ++usage.emails_sent; break;
    case ir::Channel::Sms:
      ++usage.sms_sent;
      usage.sms_credits += credits;
      break;
    case ir::Channel::Push: ++usage.push_sent; break;
    case ir::Channel::Whatsapp: ++usage.whatsapp_sent; break;
  }
}

}  // namespace

void Engine::count_send(Profile& p, ir::Channel channel, const std::string& body) {
  // SMS credits count segments (GSM-7 160/153, UCS-2 70/67).
  uint64_t credits = channel == ir::Channel::Sms ? std::max<size_t>(1, stdlib::sms_size(body).segments) : 0;
  add_send(report_.usage, channel, credits);
  count_send_day(p, channel, credits);
}

void Engine::count_send_day(Profile& p, ir::Channel channel, uint64_t credits) {
  if (usage_day_clock_ != clock_) {
    usage_day_ = floor_div(rt::instant_to_local_minutes(clock_, account_zone_), 1440);
    usage_day_clock_ = clock_;
  }
  const int64_t day = usage_day_;
  const int64_t month = month_of_day(day);
  Usage& usage = report_.usage_by_month[month];
  add_send(usage, channel, credits);
  ++report_.sends_by_day[day][static_cast<size_t>(channel)];
  // The clock only moves forward, so a profile's latest month is all it
  // takes to count it once per month.
  const uint16_t key = static_cast<uint16_t>(std::clamp<int64_t>(month + 1, 1, UINT16_MAX));
  if (p.messaged_month != key) {
    p.messaged_month = key;
    ++usage.active_profiles;
  }
}

}  // namespace flowc::engine
