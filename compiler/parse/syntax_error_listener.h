// Internal to compiler/parse: turns ANTLR syntax errors into E001
// diagnostics with readable messages, one per line at most, so a single
// mistake does not bury the real errors under ANTLR's recovery noise. Each
// error marks its declaration broken (Builder::mark_broken). Once the sink
// has stopped at its error limit, the listener throws ErrorLimitReached out
// of ANTLR (caught in parse.cpp): no time goes into recovering from errors
// nobody will see.
#pragma once

#include <set>
#include <vector>

#include "antlr4-runtime.h"
#include "parse/builder.h"

namespace flowc::parse {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  struct ErrorLimitReached {};

  explicit SyntaxErrorListener(Builder& builder) : builder_(builder) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& antlr_message, std::exception_ptr e) override;

 private:
  Builder& builder_;
  std::set<uint32_t> lines_reported_;
};

}  // namespace flowc::parse
