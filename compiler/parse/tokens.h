// The tokens of a file, comments included, for tools that work on the text
// as written (the formatter, the language server).
//
// The parser drops comments; this keeps them (the grammar puts them on a
// hidden channel) and adds what the parse tree knows about each token that
// layout depends on: where an item starts, which braces hold items and which
// hold options, which parenthesis is a call. That way tools get the
// structure without seeing an ANTLR type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/source.h"

namespace flowc::parse {

enum class TokenKind : uint8_t {
  Name,     // an identifier or a keyword
  String,   // "...", """...""" (possibly spanning lines), or an unterminated "...
  Literal,  // int, number, duration, percent, date, time of day
  Punct,    // operators, brackets, `.`, `,`, `:`, `..`, `?`
  Comment,  // `#` to the end of the line, without the line break
  Unknown,  // a character the lexer does not know
};

// What the parse tree says about a token.
enum class TokenRole : uint8_t {
  None,
  ItemStart,     // first token of a declaration, account setting, schema or message
                 // field, flow item, step, campaign or path item, automation item
  OptionStart,   // first token of a send option or a UTM parameter
  BlockOpen,     // `{` around items (declarations, paths, if/split branches)
  BlockClose,
  OptionsOpen,   // `{` around send options or UTM parameters
  OptionsClose,
  CallParen,     // `(` right after a function name, count, sum or last
  UnaryMinus,    // `-x`, `offset -1d`
  TypeOpen,      // `<` of `list<string>`
  TypeClose,     // `>` of `list<string>`
  TypeOptional,  // `?` of `string?`
};

struct Token {
  TokenKind kind = TokenKind::Unknown;
  TokenRole role = TokenRole::None;
  std::string text;  // exactly as written, UTF-8
  Span span;
  uint32_t line = 0;      // 1-based line of the first code point
  uint32_t end_line = 0;  // 1-based line of the last code point (a """ string may span lines)
};

// Every token of a registered file in order, comments included, end of file
// excluded. Roles come from a full parse; on a file with syntax errors they
// are best effort (use parse_file for the diagnostics).
std::vector<Token> lex(const SourceManager& sources, FileId file);

}  // namespace flowc::parse
