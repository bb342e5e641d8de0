// Names of the IR's enums (for disassembly and messages) and the Module's
// lookups by name.
#include "ir/module.h"

namespace flowc::ir {

const char* opcode_name(Opcode op) {
  static const char* const names[] = {
#define OPCODE(Name, Effect, Doc) #Name,
#include "ir/opcodes.def"
  };
  size_t i = static_cast<size_t>(op);
  return i < sizeof names / sizeof names[0] ? names[i] : "?";
}

const char* consent_channel_name(ConsentChannel c) {
  switch (c) {
    case ConsentChannel::Email: return "email";
    case ConsentChannel::Sms: return "sms";
    case ConsentChannel::SmsTransactional: return "sms_transactional";
    case ConsentChannel::Push: return "push";
    case ConsentChannel::Whatsapp: return "whatsapp";
  }
  return "?";
}

const char* html_escape_name(HtmlEscape e) {
  switch (e) {
    case HtmlEscape::Text: return "html-text";
    case HtmlEscape::Comment: return "html-comment";
    case HtmlEscape::UrlStart: return "url-start";
    case HtmlEscape::UrlPath: return "url-path";
    case HtmlEscape::UrlComponent: return "url-component";
  }
  return "?";
}

const char* type_name(Type t) {
  switch (t) {
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Date: return "date";
    case Type::DateTime: return "datetime";
    case Type::Duration: return "duration";
    case Type::ListOfString: return "list<string>";
    case Type::ListOfInt: return "list<int>";
    case Type::ListOfNumber: return "list<number>";
    case Type::ListOfOther: return "list";
    case Type::Consent: return "consent";
    case Type::Unknown: return "unknown";
  }
  return "?";
}

const char* channel_name(Channel c) {
  switch (c) {
    case Channel::Email: return "email";
    case Channel::Sms: return "sms";
    case Channel::Push: return "push";
    case Channel::Whatsapp: return "whatsapp";
  }
  return "?";
}

const char* status_name(Status s) {
  switch (s) {
    case Status::Draft: return "draft";
    case Status::Manual: return "manual";
    case Status::Live: return "live";
  }
  return "?";
}

const char* step_kind_name(StepKind k) {
  switch (k) {
    case StepKind::Send: return "send";
    case StepKind::Wait: return "wait";
    case StepKind::Branch: return "branch";
    case StepKind::Set: return "set";
    case StepKind::Unset: return "unset";
    case StepKind::ListAdd: return "list_add";
    case StepKind::ListRemove: return "list_remove";
    case StepKind::Notify: return "notify";
    case StepKind::Exit: return "exit";
  }
  return "?";
}

namespace {

template <typename T, typename NameOf>
Index find_by_name(const std::vector<T>& items, const std::string& name, NameOf name_of) {
  for (size_t i = 0; i < items.size(); ++i)
    if (name_of(items[i]) == name) return static_cast<Index>(i);
  return kNone;
}

}  // namespace

// Linear lookups: they serve loading and tests, not the VM's hot path
// (which uses indexes). A price drop's event is found as "<metric> (price drop)".
Index Module::find_metric(const std::string& name) const {
  return find_by_name(metrics, name, [](const MetricDef& m) -> const std::string& { return m.name; });
}

Index Module::find_profile_property(const std::string& name) const {
  return find_by_name(profile_properties, name, [](const PropertyDef& p) -> const std::string& { return p.name; });
}

Index Module::find_list(const std::string& name) const {
  return find_by_name(lists, name, [](const std::string& l) -> const std::string& { return l; });
}

StackEffect stack_effect(const Instr& in) {
  switch (in.op) {
    case Opcode::MakeList:
    case Opcode::Concat: return {in.a, 1};
    case Opcode::Call: return {in.b, 1};
    case Opcode::Filter: {
      bool has_arg = in.a == static_cast<int32_t>(TemplateFilter::Default) ||
                     in.a == static_cast<int32_t>(TemplateFilter::Date);
      return {has_arg ? 2 : 1, 1};
    }
    case Opcode::Neg:
    case Opcode::Not:
    case Opcode::IsSet:
    case Opcode::ToText:
    case Opcode::Escape:
    case Opcode::JumpIfFalseOrPop:
    case Opcode::JumpIfTrueOrPop: return {1, 1};
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Div:
    case Opcode::Mod:
    case Opcode::Eq:
    case Opcode::Ne:
    case Opcode::Lt:
    case Opcode::Le:
    case Opcode::Gt:
    case Opcode::Ge:
    case Opcode::In: return {2, 1};
    case Opcode::Jump: return {0, 0};
    case Opcode::Return: return {1, 0};
    default: return {0, 1};  // the loads
  }
}

}  // namespace flowc::ir
