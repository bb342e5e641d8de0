// Top-level declarations: parse tree -> AST.
#include <fmt/format.h>

#include "parse/builder.h"
#include "parse/numbers.h"

namespace flowc::parse {

void Builder::top_decl(P::TopDeclContext* ctx, ast::File& file) {
  if (auto* c = dynamic_cast<P::ImportDeclContext*>(ctx)) {
    if (c->str()) file.imports.push_back({text(c->str()), span(c)});
  } else if (auto* c = dynamic_cast<P::AccountDeclContext*>(ctx)) {
    file.accounts.push_back(account(c));
  } else if (auto* c = dynamic_cast<P::ProfileDeclContext*>(ctx)) {
    ast::ProfileSchema schema;
    schema.span = span(c);
    for (P::SchemaFieldContext* f : c->schemaField())
      if (f) schema.fields.push_back(schema_field(f));
    file.profiles.push_back(std::move(schema));
  } else if (auto* c = dynamic_cast<P::MetricDeclContext*>(ctx)) {
    ast::Metric metric;
    metric.name = decl_name(c->declName());
    metric.span = span(c);
    for (P::SchemaFieldContext* f : c->schemaField())
      if (f) metric.fields.push_back(schema_field(f));
    file.metrics.push_back(std::move(metric));
  } else if (auto* c = dynamic_cast<P::ListDeclContext*>(ctx)) {
    file.lists.push_back({decl_name(c->declName()), span(c)});
  } else if (auto* c = dynamic_cast<P::SegmentDeclContext*>(ctx)) {
    file.segments.push_back({decl_name(c->declName()), expr(c->expr()), span(c)});
  } else if (auto* c = dynamic_cast<P::MessageDeclContext*>(ctx)) {
    file.messages.push_back(message(c));
  } else if (auto* c = dynamic_cast<P::FlowDeclContext*>(ctx)) {
    file.flows.push_back(flow(c));
  } else if (auto* c = dynamic_cast<P::CampaignDeclContext*>(ctx)) {
    file.campaigns.push_back(campaign(c));
  } else if (auto* c = dynamic_cast<P::AutomationDeclContext*>(ctx)) {
    file.automations.push_back(automation(c));
  }
}

// ---------------------------------------------------------------------------
// account { ... }

ast::Account Builder::account(P::AccountDeclContext* ctx) {
  ast::Account account;
  account.span = span(ctx);
  for (P::AccountSettingContext* s : ctx->accountSetting())
    if (s) account_setting(s, account);
  return account;
}

namespace {

std::vector<ast::ChannelWindow> channel_windows(Builder& b, const std::vector<P::ChannelWindowContext*>& list) {
  std::vector<ast::ChannelWindow> out;
  for (P::ChannelWindowContext* w : list) {
    if (!w || !w->name()) continue;
    out.push_back({b.name(w->name()), b.duration(w->DURATION()), b.span(w)});
  }
  return out;
}

template <typename T>
void set_once(std::optional<T>& slot, T value, Span where, std::vector<Span>& repeated) {
  if (slot) repeated.push_back(where);
  slot = std::move(value);
}

ast::SettingToggle toggle(Builder& b, P::OnOffContext* ctx) {
  return b.on_off(ctx) ? ast::SettingToggle::On : ast::SettingToggle::Off;
}

}  // namespace

void Builder::account_setting(P::AccountSettingContext* ctx, ast::Account& a) {
  Span s = span(ctx);
  auto toggle_once = [&](ast::SettingToggle& slot, P::OnOffContext* value) {
    if (slot != ast::SettingToggle::Unset) a.repeated.push_back(s);
    slot = toggle(*this, value);
  };
  if (auto* c = dynamic_cast<P::AccountNameContext*>(ctx)) {
    set_once(a.name, text(c->str()), s, a.repeated);
  } else if (auto* c = dynamic_cast<P::AccountTimezoneContext*>(ctx)) {
    set_once(a.timezone, text(c->str()), s, a.repeated);
  } else if (auto* c = dynamic_cast<P::AccountSenderContext*>(ctx)) {
    ast::Account::Sender sender;
    sender.channel = name(c->channel);
    std::vector<P::StrContext*> strings = c->str();
    if (!strings.empty()) sender.first = text(strings[0]);
    if (strings.size() > 1) sender.second = text(strings[1]);
    sender.span = s;
    a.senders.push_back(std::move(sender));
  } else if (auto* c = dynamic_cast<P::AccountPushContext*>(ctx)) {
    toggle_once(a.push, c->onOff());
    a.push_span = s;
  } else if (auto* c = dynamic_cast<P::AccountSmartSendingContext*>(ctx)) {
    for (auto& w : channel_windows(*this, c->channelWindow())) a.smart_sending.push_back(w);
  } else if (auto* c = dynamic_cast<P::AccountAttributionContext*>(ctx)) {
    for (auto& w : channel_windows(*this, c->channelWindow())) a.attribution.push_back(w);
  } else if (auto* c = dynamic_cast<P::AccountExcludeBotClicksContext*>(ctx)) {
    toggle_once(a.exclude_bot_clicks, c->onOff());
  } else if (auto* c = dynamic_cast<P::AccountExcludePrivacyOpensContext*>(ctx)) {
    toggle_once(a.exclude_privacy_opens, c->onOff());
  } else if (auto* c = dynamic_cast<P::AccountUtmContext*>(ctx)) {
    toggle_once(a.utm, c->onOff());
    for (P::UtmParamContext* p : c->utmParam())
      if (p && p->name()) a.utm_params.push_back({name(p->name()), text(p->str())});
  } else if (auto* c = dynamic_cast<P::AccountQuietHoursContext*>(ctx)) {
    ast::Account::QuietHours q;
    q.channel = name(c->channel);
    if (c->TIME().size() == 2) {
      q.start_minute = time_of_day(c->TIME(0));
      q.end_minute = time_of_day(c->TIME(1));
    }
    q.span = s;
    a.quiet_hours.push_back(std::move(q));
  } else if (auto* c = dynamic_cast<P::AccountConversionContext*>(ctx)) {
    ast::Account::Conversion conversion{metric_name(c->metricRef()), expr(c->expr()), s};
    if (a.conversion) a.repeated.push_back(s);
    a.conversion = std::move(conversion);
  } else if (auto* c = dynamic_cast<P::AccountDoubleOptInContext*>(ctx)) {
    a.double_opt_in.push_back({name(c->channel), on_off(c->onOff()), s});
  } else if (auto* c = dynamic_cast<P::AccountSmsHelpContext*>(ctx)) {
    set_once(a.sms_help, text(c->str()), s, a.repeated);
  }
}

// ---------------------------------------------------------------------------
// Schemas

ast::TypeRef Builder::type_ref(P::TypeRefContext* ctx) {
  ast::TypeRef t;
  if (!ctx || is_left_out(ctx)) return t;
  t.span = span(ctx);
  t.optional = ctx->optional != nullptr;
  if (ctx->typeRef()) {
    t.name = "list";
    t.element = std::make_unique<ast::TypeRef>(type_ref(ctx->typeRef()));
  } else if (ctx->name()) {
    t.name = ctx->name()->getText();
  }
  return t;
}

ast::SchemaField Builder::schema_field(P::SchemaFieldContext* ctx) {
  ast::SchemaField f;
  f.name = name(ctx->name());
  f.type = type_ref(ctx->typeRef());
  f.default_value = literal(ctx->literal());
  f.span = span(ctx);
  return f;
}

// ---------------------------------------------------------------------------
// Messages

ast::Message Builder::message(P::MessageDeclContext* ctx) {
  ast::Message m;
  m.channel_name = ctx->channel ? ast::Name{ctx->channel->getText(), span(ctx->channel)} : ast::Name{};
  m.channel = ast::parse_channel(m.channel_name.text);
  m.name = decl_name(ctx->declName());
  m.span = span(ctx);
  if (m.channel == ast::Channel::Invalid) {
    sink_.report(DiagnosticKind::SyntaxError, m.channel_name.span,
                 fmt::format("unknown declaration `{}`", m.channel_name.text))
        .hint = "a declaration starts with account, profile, metric, list, segment, email, sms, push, whatsapp, "
                "flow, campaign, automation or import";
  }
  for (P::MessageFieldContext* f : ctx->messageField()) {
    if (!f || !f->key) continue;
    ast::MessageField field;
    field.key = name(f->key);
    field.is_file = false;
    for (antlr4::tree::ParseTree* child : f->children)
      if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child); t && t->getText() == "file") field.is_file = true;
    for (P::FieldValueContext* v : f->fieldValue()) {
      if (!v) continue;
      if (v->str()) field.texts.push_back(text(v->str()));
      else field.flag = v->getText() == "true";
    }
    field.span = span(f);
    m.fields.push_back(std::move(field));
  }
  return m;
}

// ---------------------------------------------------------------------------
// Campaigns

ast::Campaign Builder::campaign(P::CampaignDeclContext* ctx) {
  ast::Campaign c;
  c.name = decl_name(ctx->declName());
  c.span = span(ctx);
  bool zone_seen = false;
  for (P::CampaignItemContext* item : ctx->campaignItem()) {
    if (auto* t = dynamic_cast<P::CampaignTagsContext*>(item)) {
      for (P::StrContext* s : t->str()) c.tags.push_back(text(s));
    } else if (auto* d = dynamic_cast<P::CampaignDescriptionContext*>(item)) {
      set_once(c.description, text(d->str()), span(d), c.repeated);
    } else if (auto* z = dynamic_cast<P::CampaignTimezoneContext*>(item)) {
      if (zone_seen) c.repeated.push_back(span(z));
      zone_seen = true;
      c.zone_span = span(z->zone);
      if (z->zone && z->zone->str()) {
        c.zone = ast::CampaignZone::Fixed;
        c.zone_name = text(z->zone->str());
      } else if (z->zone && z->zone->name()) {
        std::string word = z->zone->name()->getText();
        if (word == "local") c.zone = ast::CampaignZone::Local;
        else if (word == "account") c.zone = ast::CampaignZone::Account;
        else
          sink_.report(DiagnosticKind::InvalidCampaignSetting, c.zone_span,
                       fmt::format("unknown campaign time zone `{}`", word))
              .hint = "write `local`, `account`, or an IANA zone name in quotes such as \"Europe/Paris\"";
      }
      if (z->policy) {
        std::string word = z->policy->getText();
        c.if_passed_span = span(z->policy);
        if (word == "send_now") c.if_passed = ast::IfPassed::SendNow;
        else if (word == "next_day") c.if_passed = ast::IfPassed::NextDay;
        else
          sink_.report(DiagnosticKind::InvalidCampaignSetting, c.if_passed_span,
                       fmt::format("unknown `if_passed` policy `{}`", word))
              .hint = "write `if_passed send_now` or `if_passed next_day`";
      }
    } else if (auto* p = dynamic_cast<P::CampaignPathContext*>(item)) {
      ast::Path path;
      path.name = decl_name(p->declName());
      path.span = span(p);
      for (P::PathItemContext* pi : p->pathItem()) {
        if (auto* a = dynamic_cast<P::PathAudienceContext*>(pi)) {
          if (path.has_audience) c.repeated.push_back(span(a));
          path.has_audience = true;
          path.audience_span = span(a);
          std::vector<P::AudienceListContext*> lists = a->audienceList();
          if (!lists.empty() && lists[0])
            for (P::DeclNameContext* n : lists[0]->declName()) path.include.push_back(decl_name(n));
          if (lists.size() > 1 && lists[1])
            for (P::DeclNameContext* n : lists[1]->declName()) path.exclude.push_back(decl_name(n));
        } else if (auto* st = dynamic_cast<P::PathStepContext*>(pi)) {
          if (auto s = step(st->step())) path.sends.push_back(std::move(*s));
        }
      }
      c.paths.push_back(std::move(path));
    }
  }
  return c;
}

// ---------------------------------------------------------------------------
// Keyword automations

ast::Automation Builder::automation(P::AutomationDeclContext* ctx) {
  ast::Automation a;
  a.name = decl_name(ctx->declName());
  a.span = span(ctx);
  for (P::AutomationItemContext* item : ctx->automationItem())
    if (item) automation_item(item, a);
  return a;
}

void Builder::automation_item(P::AutomationItemContext* ctx, ast::Automation& a) {
  Span s = span(ctx);
  ast::AutomationItem kind = ast::AutomationItem::Setting;
  if (auto* c = dynamic_cast<P::AutomationChannelsContext*>(ctx)) {
    if (!a.channels.empty()) a.repeated.push_back(s);
    for (P::NameContext* n : c->name()) a.channels.push_back(name(n));
  } else if (auto* c = dynamic_cast<P::KeywordTriggerContext*>(ctx)) {
    for (P::StrContext* k : c->str()) a.keywords.push_back(text(k));
  } else if (auto* c = dynamic_cast<P::ReplyTriggerContext*>(ctx)) {
    ast::ReplyTrigger r;
    r.source_kind = name(c->source);
    r.source = decl_name(c->declName());
    for (P::StrContext* k : c->str()) r.keywords.push_back(text(k));
    r.span = s;
    a.reply_triggers.push_back(std::move(r));
  } else if (auto* c = dynamic_cast<P::SaveKeywordContext*>(ctx)) {
    set_once(a.save_keyword_to, name(c->name()), s, a.repeated);
  } else if (auto* c = dynamic_cast<P::AskItemContext*>(ctx)) {
    kind = ast::AutomationItem::Ask;
    ast::Question q;
    std::vector<P::NameContext*> names = c->name();
    if (!names.empty()) q.name = name(names[0]);
    if (names.size() > 1) q.save_to = name(names[1]);
    std::vector<P::StrContext*> strings = c->str();
    if (!strings.empty()) q.text = text(strings[0]);
    for (size_t i = 1; i < strings.size(); ++i) q.choices.push_back(text(strings[i]));
    q.span = s;
    a.questions.push_back(std::move(q));
  } else if (auto* c = dynamic_cast<P::RecommendWhenContext*>(ctx)) {
    kind = ast::AutomationItem::Recommend;
    ast::Recommendation r;
    std::vector<P::StrContext*> strings = c->str();
    if (!strings.empty()) r.name = text(strings[0]);
    if (strings.size() > 1) r.text = text(strings[1]);
    r.when = expr(c->expr());
    r.span = s;
    if (!r.when) return;  // a broken condition: already reported
    a.recommendations.push_back(std::move(r));
  } else if (auto* c = dynamic_cast<P::RecommendDefaultContext*>(ctx)) {
    kind = ast::AutomationItem::Recommend;
    ast::Recommendation r;
    std::vector<P::StrContext*> strings = c->str();
    if (!strings.empty()) r.name = text(strings[0]);
    if (strings.size() > 1) r.text = text(strings[1]);
    r.span = s;
    a.recommendations.push_back(std::move(r));
  } else if (auto* c = dynamic_cast<P::RepromptItemContext*>(ctx)) {
    set_once(a.reprompt, text(c->str()), s, a.repeated);
  } else if (auto* c = dynamic_cast<P::FallbackItemContext*>(ctx)) {
    set_once(a.fallback, text(c->str()), s, a.repeated);
  } else if (auto* c = dynamic_cast<P::MaxRepromptsItemContext*>(ctx)) {
    std::optional<std::string> digits = token_text(c->INT());
    std::optional<int64_t> n = digits ? to_int(*digits) : std::nullopt;
    if (digits && !n) reject_literal(span(c->INT()), "whole number is too large");
    set_once(a.max_reprompts, n.value_or(0), s, a.repeated);
    a.max_reprompts_span = s;
  } else if (auto* c = dynamic_cast<P::TimeoutItemContext*>(ctx)) {
    set_once(a.timeout_minutes, duration(c->DURATION()), s, a.repeated);
    a.timeout_span = s;
  } else if (auto* c = dynamic_cast<P::ReplyItemContext*>(ctx)) {
    kind = ast::AutomationItem::Reply;
    a.reply = text(c->str());
  }
  a.order.emplace_back(kind, s);
}

}  // namespace flowc::parse
