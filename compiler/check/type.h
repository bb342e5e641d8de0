// The flow language's types.
//
// `T?` is a flag on the type (optional: may be unset), `list<T>` carries its
// element kind. Error is the type of an expression that already produced a
// diagnostic: every rule accepts it silently so one mistake gives one error.
#pragma once

#include <string>

namespace flowc::check {

enum class TypeKind : uint8_t {
  Error,
  Bool,
  Int,
  Number,
  String,
  Date,
  DateTime,
  Duration,
  Consent,   // subscribed | unsubscribed | never_subscribed
  Percent,   // only as a literal in triggers
  List,
  Profile,   // the bare `profile` of `profile in list X`
};

struct Type {
  TypeKind kind = TypeKind::Error;
  TypeKind element = TypeKind::Error;  // for List
  bool optional = false;

  static Type error() { return {}; }
  static Type of(TypeKind k, bool opt = false) { return Type{k, TypeKind::Error, opt}; }
  static Type list_of(TypeKind element, bool opt = false) { return Type{TypeKind::List, element, opt}; }

  bool is_error() const { return kind == TypeKind::Error; }
  bool is_numeric() const { return kind == TypeKind::Int || kind == TypeKind::Number; }
  Type as_optional(bool opt = true) const { return Type{kind, element, opt}; }
  Type required() const { return Type{kind, element, false}; }
  // Same kind and element, ignoring optionality.
  bool same_shape(const Type& other) const { return kind == other.kind && element == other.element; }

  std::string to_string() const;
};

const char* type_kind_name(TypeKind kind);
// Parses "bool", "int", ... (not list, not optional); Error when unknown.
TypeKind parse_type_kind(const std::string& name);

}  // namespace flowc::check
