// The checked program's symbol tables: every declaration by name, the
// profile schema (declared, built-in and implicitly assigned properties) and
// every metric's property types. Built by the checker; pointers refer into
// the ast::Program, which must outlive the Symbols.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/type.h"

namespace flowc::check {

struct Property {
  std::string name;
  Type type;
  Span span;             // declaration (invalid for built-ins)
  bool builtin = false;  // profile.id, profile.email, ...
  bool implicit = false; // created by `set` / `save to`, not declared
  const ast::Expr* default_value = nullptr;
};

struct MetricInfo {
  std::string name;
  std::map<std::string, Property> properties;
  const ast::Metric* decl = nullptr;  // null for built-in metrics
};

// One place a message is sent from; its templates are checked against each.
struct SendSite {
  const MetricInfo* event = nullptr;  // the sending flow's trigger event, if any
  std::string place;                  // "flow `Welcome`", "campaign `Black Friday`"
  Span span;
};

struct Symbols {
  const ast::Account* account = nullptr;  // null: all defaults
  std::map<std::string, Property> profile;
  std::map<std::string, MetricInfo> metrics;
  std::map<std::string, const ast::List*> lists;
  std::map<std::string, const ast::Segment*> segments;
  std::map<std::string, const ast::Message*> messages;
  std::map<std::string, const ast::Flow*> flows;
  std::map<std::string, const ast::Campaign*> campaigns;
  std::map<std::string, const ast::Automation*> automations;
  std::map<const ast::Message*, std::vector<SendSite>> send_sites;
  // The event of each price-drop flow: the watched metric's properties plus
  // old_price, new_price and percent.
  std::map<const ast::Flow*, std::unique_ptr<MetricInfo>> price_drop_events;

  bool sms_enabled = false;
  bool whatsapp_enabled = false;
  bool push_enabled = false;
  bool channel_enabled(ast::Channel channel) const;

  const MetricInfo* metric(const std::string& name) const;
  const Property* profile_property(const std::string& name) const;
};

// The built-in profile fields (profile.id, .email, .phone, .created, and
// the consent.* statuses).
const std::vector<Property>& builtin_profile_fields();

}  // namespace flowc::check
