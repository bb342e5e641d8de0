// The horizontal rules: which neighbouring tokens touch, which get one space,
// and the two spaces that separate options written on one line.
#include "format/layout.h"

namespace flowc::format {

using parse::Token;
using parse::TokenRole;

namespace {

bool glues_to_next(const Token& t) {
  if (t.role == TokenRole::UnaryMinus || t.role == TokenRole::TypeOpen) return true;
  return t.kind == parse::TokenKind::Punct && (t.text == "(" || t.text == "[" || t.text == "." || t.text == "..");
}

bool glues_to_previous(const Token& t) {
  switch (t.role) {
    case TokenRole::CallParen:
    case TokenRole::TypeOpen:
    case TokenRole::TypeClose:
    case TokenRole::TypeOptional: return true;
    default: break;
  }
  if (t.kind != parse::TokenKind::Punct) return false;
  // `:` only appears in schema fields (`vip: bool`).
  return t.text == ")" || t.text == "]" || t.text == "," || t.text == "." || t.text == ".." || t.text == ":";
}

}  // namespace

const char* space_between(const Token& left, const Token& right, bool inline_options) {
  bool empty_braces = (left.role == TokenRole::BlockOpen && right.role == TokenRole::BlockClose) ||
                      (left.role == TokenRole::OptionsOpen && right.role == TokenRole::OptionsClose);
  if (empty_braces) return "";
  // `{ status manual  smart_sending off  utm off }`: two spaces show where
  // each option starts, since an option is one or two words.
  if (inline_options && right.role == TokenRole::OptionStart && left.role != TokenRole::OptionsOpen) return "  ";
  if (glues_to_next(left) || glues_to_previous(right)) return "";
  return " ";
}

}  // namespace flowc::format
