#include "check/type.h"

namespace flowc::check {

const char* type_kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Bool: return "bool";
    case TypeKind::Int: return "int";
    case TypeKind::Number: return "number";
    case TypeKind::String: return "string";
    case TypeKind::Date: return "date";
    case TypeKind::DateTime: return "datetime";
    case TypeKind::Duration: return "duration";
    case TypeKind::Consent: return "consent";
    case TypeKind::Percent: return "percent";
    case TypeKind::List: return "list";
    case TypeKind::Profile: return "profile";
  }
  return "<error>";
}

std::string Type::to_string() const {
  std::string s = kind == TypeKind::List ? std::string("list<") + type_kind_name(element) + ">" : type_kind_name(kind);
  if (optional) s += "?";
  return s;
}

TypeKind parse_type_kind(const std::string& name) {
  for (TypeKind k : {TypeKind::Bool, TypeKind::Int, TypeKind::Number, TypeKind::String, TypeKind::Date,
                     TypeKind::DateTime, TypeKind::Duration}) {
    if (name == type_kind_name(k)) return k;
  }
  return TypeKind::Error;
}

}  // namespace flowc::check
