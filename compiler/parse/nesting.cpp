#include "parse/nesting.h"

#include <set>
#include <string>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "parse/parse.h"

namespace flowc::parse {

namespace {

using L = flowc_antlr::FlowLexer;
using P = flowc_antlr::FlowParser;

// What the parser is in the middle of, innermost last: an open bracket, or
// a prefix operator waiting for its operand.
enum class Level : char { Bracket, TypeBracket, Not, Minus };

bool is_prefix(Level level) { return level == Level::Not || level == Level::Minus; }

// Words that begin a statement, item or declaration. Where one of them is
// not written as a name, the expression before it has ended, and with it
// every prefix operator of the current bracket.
const std::set<std::string>& statement_words() {
  static const std::set<std::string> words = {
      "send",    "wait",      "if",          "split",   "unset",     "add",           "remove",  "notify",
      "exit",    "trigger",   "filter",      "reentry", "status",    "timezone",      "tags",    "description",
      "path",    "audience",  "channels",    "save",    "ask",       "recommend",     "reprompt", "fallback",
      "timeout", "reply",     "import",      "account", "metric",    "flow",          "campaign", "automation",
      "max_reprompts"};
  return words;
}

// Tokens after which the next word is a name (`profile.send`, `in list flow`,
// `count(trigger)`, `| default`), not a keyword.
bool names_next(const std::string& previous) {
  return previous == "." || previous == "list" || previous == "segment" || previous == "(" || previous == "|";
}

bool is_operand(size_t type) {
  switch (type) {
    case L::IDENT: case L::INT: case L::NUMBER: case L::STRING: case L::TRIPLE_STRING:
    case L::UNTERMINATED_STRING: case L::DURATION: case L::PERCENT: case L::DATE: case L::TIME:
      return true;
    default:
      return false;
  }
}

bool is_word(const std::string& text) {
  return !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_');
}

// Whether a token ends an operand, so that a `-` after it subtracts.
bool ends_operand(antlr4::Token* token, const std::string& text) {
  if (!token) return false;
  if (is_operand(token->getType()) || text == ")" || text == "]") return true;
  return is_word(text) && text != "not" && text != "and" && text != "or" && text != "in" && text != "is";
}

class TokenNesting {
 public:
  // Feeds one token; false when it nests deeper than the limit.
  bool feed(antlr4::Token* token, antlr4::Token* next) {
    std::string text = token->getText();
    bool within_limit = step(token, text, next ? next->getText() : "");
    previous_ = token;
    previous_text_ = std::move(text);
    return within_limit;
  }

 private:
  bool step(antlr4::Token* token, const std::string& text, const std::string& next_text) {
    if (text == "(" || text == "[") return push(Level::Bracket);
    if (text == "<" && previous_text_ == "list") return push(Level::TypeBracket);
    if (text == "{") {
      end_expression();  // a `{` never stands inside an expression
      return push(Level::Bracket);
    }
    if (text == "not" && previous_text_ != "is" && next_text != "in") return push(Level::Not);
    if (text == "-" && !ends_operand(previous_, previous_text_)) return push(Level::Minus);
    if (text == ")" || text == "]" || text == "}" || (text == ">" && top_is(Level::TypeBracket))) {
      close_bracket();
      operand_done();
    } else if (text == "and" || text == "or" || text == ",") {
      end_expression();
    } else if (is_word(text) && !names_next(previous_text_) &&
               (statement_words().count(text) || (text == "set" && previous_text_ != "is" && previous_text_ != "not"))) {
      end_expression();
    } else if (is_operand(token->getType()) || is_word(text)) {
      operand_done();
    }
    return true;
  }

  bool push(Level level) {
    levels_.push_back(level);
    return levels_.size() <= kMaxNesting;
  }
  bool top_is(Level level) const { return !levels_.empty() && levels_.back() == level; }
  // The prefix operators of the current bracket have their operands.
  void end_expression() {
    while (!levels_.empty() && is_prefix(levels_.back())) levels_.pop_back();
  }
  void close_bracket() {
    end_expression();
    if (!levels_.empty()) levels_.pop_back();
  }
  // A unary minus takes only the operand right after it.
  void operand_done() {
    while (top_is(Level::Minus)) levels_.pop_back();
  }
  std::vector<Level> levels_;
  antlr4::Token* previous_ = nullptr;
  std::string previous_text_;
};

}  // namespace

antlr4::Token* first_token_too_deep(const std::vector<antlr4::Token*>& tokens) {
  std::vector<antlr4::Token*> visible;
  for (antlr4::Token* t : tokens)
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && t->getType() != antlr4::Token::EOF) visible.push_back(t);
  TokenNesting nesting;
  for (size_t i = 0; i < visible.size(); ++i) {
    antlr4::Token* next = i + 1 < visible.size() ? visible[i + 1] : nullptr;
    if (!nesting.feed(visible[i], next)) return visible[i];
  }
  return nullptr;
}

namespace {

// The contexts that are one level of the AST's depth.
bool is_level(antlr4::ParserRuleContext* ctx) {
  return dynamic_cast<P::ExprContext*>(ctx) || dynamic_cast<P::BlockContext*>(ctx) ||
         dynamic_cast<P::TypeRefContext*>(ctx);
}

}  // namespace

std::vector<antlr4::ParserRuleContext*> contexts_too_deep(antlr4::ParserRuleContext* root) {
  std::vector<antlr4::ParserRuleContext*> found;
  if (!root) return found;
  struct Visit {
    antlr4::ParserRuleContext* ctx;
    size_t depth;
  };
  std::vector<Visit> stack{{root, 0}};
  while (!stack.empty()) {
    Visit v = stack.back();
    stack.pop_back();
    if (is_level(v.ctx) && ++v.depth > kMaxNesting) {
      found.push_back(v.ctx);
      continue;
    }
    // Children in reverse, so that they are visited (and found) in source order.
    for (auto it = v.ctx->children.rbegin(); it != v.ctx->children.rend(); ++it)
      if (auto* child = dynamic_cast<antlr4::ParserRuleContext*>(*it)) stack.push_back({child, v.depth});
  }
  return found;
}

}  // namespace flowc::parse
