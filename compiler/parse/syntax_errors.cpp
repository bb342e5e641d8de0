#include <algorithm>
#include <fmt/format.h>

#include "FlowLexer.h"
#include "parse/syntax_error_listener.h"

namespace flowc::parse {

namespace {

using L = flowc_antlr::FlowLexer;

std::string token_description(antlr4::Token* token) {
  if (!token || token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return "`" + text + "`";
}

// `'send'` -> "`send`", IDENT -> "a name", STRING -> "a string", ...
std::string expected_name(antlr4::Parser* parser, size_t type) {
  switch (type) {
    case L::IDENT: return "a name";
    case L::STRING: case L::TRIPLE_STRING: return "a string";
    case L::INT: return "a whole number";
    case L::NUMBER: return "a number";
    case L::DURATION: return "a duration like `1d`";
    case L::TIME: return "a time of day like `09:00`";
    case L::DATE: return "a date like `2026-11-27`";
    case L::PERCENT: return "a percentage like `10%`";
    case antlr4::Token::EOF: return "end of file";
    default: break;
  }
  std::string literal = parser->getVocabulary().getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') return "`" + literal.substr(1, literal.size() - 2) + "`";
  return parser->getVocabulary().getDisplayName(type);
}

}  // namespace

std::string describe_syntax_error(antlr4::Parser* parser, antlr4::Token* offending) {
  if (offending && offending->getType() == L::UNTERMINATED_STRING)
    return "unterminated string: add the closing `\"` on the same line, or use `\"\"\"` for text over several lines";
  if (offending && offending->getType() == L::UNKNOWN_CHAR)
    return fmt::format("unexpected character {}", token_description(offending));
  std::string message = "unexpected " + token_description(offending);
  if (!parser) return message;
  antlr4::misc::IntervalSet expected;
  try {
    expected = parser->getExpectedTokens();
  } catch (...) {
    return message;
  }
  std::vector<std::string> names;
  for (size_t type : expected.toList()) {
    std::string name = expected_name(parser, type);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  // A long list (every keyword that can start a step...) helps nobody.
  if (names.empty() || names.size() > 6) return message;
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) list += (i ? (i + 1 == names.size() ? " or " : ", ") : "") + names[i];
  return message + "; expected " + list;
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                                      size_t column, const std::string& antlr_message, std::exception_ptr e) {
  Span span = offending ? builder_.span(offending) : Span{builder_.file(), 0, 0};
  if (offending && offending->getType() == antlr4::Token::EOF) span.end = span.begin;
  builder_.mark_broken(span.begin);
  uint32_t source_line = builder_.sources().file(builder_.file()).line_col(span.begin).line;
  if (!lines_reported_.insert(source_line).second) return;
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  builder_.sink().report(DiagnosticKind::SyntaxError, span, describe_syntax_error(parser, offending));
  if (builder_.sink().stopped()) throw ErrorLimitReached{};
}

}  // namespace flowc::parse
