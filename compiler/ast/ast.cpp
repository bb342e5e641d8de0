#include "ast/ast.h"

#include <fmt/format.h>

namespace flowc::ast {

const char* expr_kind_name(ExprKind kind) {
  switch (kind) {
#define EXPR_KIND(Name, Dump) \
  case ExprKind::Name: return Dump;
#include "ast/expr_kinds.def"
  }
  return "?";
}

const char* op_spelling(Op op) {
  switch (op) {
    case Op::None: return "?";
    case Op::Neg: return "-";
    case Op::Not: return "not";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::And: return "and";
    case Op::Or: return "or";
  }
  return "?";
}

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::Email: return "email";
    case Channel::Sms: return "sms";
    case Channel::Push: return "push";
    case Channel::Whatsapp: return "whatsapp";
    case Channel::Invalid: return "?";
  }
  return "?";
}

Channel parse_channel(const std::string& text) {
  for (Channel c : {Channel::Email, Channel::Sms, Channel::Push, Channel::Whatsapp})
    if (text == channel_name(c)) return c;
  return Channel::Invalid;
}

const char* status_name(Status status) {
  switch (status) {
    case Status::Draft: return "draft";
    case Status::Manual: return "manual";
    case Status::Live: return "live";
  }
  return "?";
}

const char* step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::Send: return "send";
    case StepKind::WaitFor: return "wait";
    case StepKind::WaitUntil: return "wait_until";
    case StepKind::If: return "if";
    case StepKind::Split: return "split";
    case StepKind::Set: return "set";
    case StepKind::Unset: return "unset";
    case StepKind::AddToList: return "add_to_list";
    case StepKind::RemoveFromList: return "remove_from_list";
    case StepKind::Notify: return "notify";
    case StepKind::Exit: return "exit";
  }
  return "?";
}

bool Text::has_holes() const {
  for (const TemplatePart& p : parts)
    if (p.expr) return true;
  return false;
}

bool Text::mentions(const std::string& name) const {
  for (const TemplatePart& p : parts)
    if (p.expr && p.expr->kind == ExprKind::NameRef && p.expr->path.size() == 1 && p.expr->path[0] == name)
      return true;
  return false;
}

}  // namespace flowc::ast
