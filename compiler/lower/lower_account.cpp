// The account block -> AccountDef; everything not written keeps the
// defaults of ir/module.h (LANGUAGE.md section 4).
#include "lower/lowerer.h"

namespace flowc::lower {

namespace {

int channel_slot(const std::string& channel) {
  if (channel == "email") return static_cast<int>(ir::Channel::Email);
  if (channel == "sms") return static_cast<int>(ir::Channel::Sms);
  if (channel == "push") return static_cast<int>(ir::Channel::Push);
  if (channel == "whatsapp") return static_cast<int>(ir::Channel::Whatsapp);
  return -1;
}

void lower_senders(ir::AccountDef& def, const ast::Account& a) {
  for (const ast::Account::Sender& s : a.senders) {
    if (s.channel.text == "email") {
      // `sender email "Name" "address"`; a single string is the address.
      if (s.second) {
        def.sender_email_name = s.first.value;
        def.sender_email_address = s.second->value;
      } else {
        def.sender_email_address = s.first.value;
      }
    } else if (s.channel.text == "sms") {
      def.sender_sms = s.first.value;
    } else if (s.channel.text == "whatsapp") {
      def.sender_whatsapp = s.first.value;
    }
  }
}

void lower_windows(ir::AccountDef& def, const ast::Account& a) {
  for (const ast::ChannelWindow& w : a.smart_sending) {
    int slot = channel_slot(w.channel.text);
    if (slot >= 0) def.smart_sending_seconds[slot] = w.minutes * 60;
  }
  for (const ast::ChannelWindow& w : a.attribution) {
    int64_t seconds = w.minutes * 60;
    if (w.channel.text == "email_click") def.attribution_email_click = seconds;
    else if (w.channel.text == "email_open") def.attribution_email_open = seconds;
    else if (w.channel.text == "sms_click") def.attribution_sms_click = seconds;
    else if (w.channel.text == "push_open") def.attribution_push_open = seconds;
  }
}

// `utm on` alone tags links with the documented default parameters.
void lower_utm(ir::AccountDef& def, const ast::Account& a) {
  def.utm = a.utm == ast::SettingToggle::On;
  if (!def.utm) return;
  for (const ast::Account::UtmParam& p : a.utm_params) def.utm_params.emplace_back(p.key.text, p.value.value);
  if (def.utm_params.empty())
    def.utm_params = {{"source", "flowc"}, {"medium", "{channel}"}, {"campaign", "{name}"}, {"content", "{message}"}};
}

}  // namespace

void Lowerer::lower_account() {
  if (!symbols_.account) return;
  const ast::Account& a = *symbols_.account;
  ir::AccountDef& def = module.account;
  if (a.name) def.name = a.name->value;
  if (a.timezone) def.timezone = a.timezone->value;
  lower_senders(def, a);
  def.push = a.push == ast::SettingToggle::On;
  lower_windows(def, a);
  def.exclude_bot_clicks = a.exclude_bot_clicks == ast::SettingToggle::On;
  def.exclude_privacy_opens = a.exclude_privacy_opens == ast::SettingToggle::On;
  lower_utm(def, a);
  for (const ast::Account::QuietHours& q : a.quiet_hours) {
    if (q.channel.text != "sms") continue;
    def.quiet_start_minute = q.start_minute;
    def.quiet_end_minute = q.end_minute;
  }
  if (a.conversion) {
    def.conversion_metric = metric_index(a.conversion->metric.text);
    // `value` reads the conversion event.
    def.conversion_value = expr_chunk(a.conversion->value.get(), ExprContext{def.conversion_metric, nullptr});
  }
  for (const ast::Account::DoubleOptIn& d : a.double_opt_in)
    if (d.channel.text == "email") def.double_opt_in_email = d.on;
  if (a.sms_help) def.sms_help = a.sms_help->value;
}

}  // namespace flowc::lower
