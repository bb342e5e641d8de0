#include "parse/tokens.h"

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "parse/code_point_stream.h"
#include "parse/nesting.h"

namespace flowc::parse {

namespace {

using P = flowc_antlr::FlowParser;
using L = flowc_antlr::FlowLexer;

TokenKind kind_of(size_t type) {
  switch (type) {
    case L::COMMENT: return TokenKind::Comment;
    case L::STRING:
    case L::TRIPLE_STRING:
    case L::UNTERMINATED_STRING: return TokenKind::String;
    case L::INT:
    case L::NUMBER:
    case L::DURATION:
    case L::PERCENT:
    case L::DATE:
    case L::TIME: return TokenKind::Literal;
    case L::IDENT: return TokenKind::Name;
    case L::UNKNOWN_CHAR: return TokenKind::Unknown;
    default: break;
  }
  // The implicit tokens of the grammar's literals: words are keywords.
  return TokenKind::Punct;
}

bool is_word(const std::string& text) {
  return !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_');
}

// Sets roles from the parse tree. Only the contexts layout cares about are
// named here; everything else keeps TokenRole::None.
class RoleWalker {
 public:
  explicit RoleWalker(std::vector<TokenRole>& roles) : roles_(roles) {}

  // With an explicit stack: an operator chain makes the tree as deep as
  // the chain is long.
  void walk(antlr4::ParserRuleContext* root) {
    std::vector<antlr4::ParserRuleContext*> stack{root};
    while (!stack.empty()) {
      antlr4::ParserRuleContext* ctx = stack.back();
      stack.pop_back();
      visit(ctx);
      // Reversed, so that contexts are visited in source order: a later one may override a role.
      for (auto it = ctx->children.rbegin(); it != ctx->children.rend(); ++it)
        if (auto* c = dynamic_cast<antlr4::ParserRuleContext*>(*it)) stack.push_back(c);
    }
  }

 private:
  std::vector<TokenRole>& roles_;

  void set(antlr4::Token* token, TokenRole role) {
    if (token && token->getType() != antlr4::Token::EOF && token->getTokenIndex() < roles_.size())
      roles_[token->getTokenIndex()] = role;
  }
  // Gives `role` to the context's own terminal children spelled `text`.
  void set_children(antlr4::ParserRuleContext* ctx, const char* text, TokenRole role) {
    for (antlr4::tree::ParseTree* child : ctx->children) {
      auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (terminal && terminal->getSymbol()->getText() == text) set(terminal->getSymbol(), role);
    }
  }
  template <typename... Ts>
  static bool is_any(antlr4::ParserRuleContext* ctx) {
    return (... || (dynamic_cast<Ts*>(ctx) != nullptr));
  }

  void visit(antlr4::ParserRuleContext* ctx) {
    if (is_any<P::TopDeclContext, P::AccountSettingContext, P::SchemaFieldContext, P::MessageFieldContext,
               P::FlowItemContext, P::StepContext, P::CampaignItemContext, P::PathItemContext,
               P::AutomationItemContext>(ctx))
      set(ctx->getStart(), TokenRole::ItemStart);
    if (is_any<P::SendOptionContext, P::UtmParamContext>(ctx)) set(ctx->getStart(), TokenRole::OptionStart);
    if (is_any<P::AccountDeclContext, P::ProfileDeclContext, P::MetricDeclContext, P::MessageDeclContext,
               P::FlowDeclContext, P::CampaignDeclContext, P::AutomationDeclContext, P::CampaignPathContext,
               P::BlockContext>(ctx)) {
      set_children(ctx, "{", TokenRole::BlockOpen);
      set_children(ctx, "}", TokenRole::BlockClose);
    }
    if (is_any<P::SendOptionsContext, P::AccountUtmContext>(ctx)) {
      set_children(ctx, "{", TokenRole::OptionsOpen);
      set_children(ctx, "}", TokenRole::OptionsClose);
    }
    if (is_any<P::CountCallContext, P::SumCallContext, P::LastCallContext, P::CallContext>(ctx))
      set_children(ctx, "(", TokenRole::CallParen);
    if (is_any<P::NegateExprContext, P::DateTriggerContext>(ctx)) set_children(ctx, "-", TokenRole::UnaryMinus);
    if (is_any<P::TypeRefContext>(ctx)) {
      set_children(ctx, "<", TokenRole::TypeOpen);
      set_children(ctx, ">", TokenRole::TypeClose);
      set_children(ctx, "?", TokenRole::TypeOptional);
    }
  }
};

}  // namespace

std::vector<Token> lex(const SourceManager& sources, FileId file_id) {
  const SourceFile& file = sources.file(file_id);
  // The same text the parser sees (parse.cpp): the file's code points.
  CodePointStream input(file.code_points());
  L lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream stream(&lexer);
  stream.fill();
  P parser(&stream);
  parser.removeErrorListeners();
  std::vector<TokenRole> roles(stream.size(), TokenRole::None);
  // Text nested too deeply is not parsed (parse_file reports it); its tokens get no roles.
  if (!first_token_too_deep(stream.getTokens())) RoleWalker(roles).walk(parser.file());

  std::vector<Token> tokens;
  for (antlr4::Token* t : stream.getTokens()) {
    if (t->getType() == antlr4::Token::EOF) break;
    Token token;
    token.kind = kind_of(t->getType());
    if (token.kind == TokenKind::Punct && is_word(t->getText())) token.kind = TokenKind::Name;
    token.role = roles[t->getTokenIndex()];
    token.text = t->getText();
    token.span = {file_id, static_cast<uint32_t>(t->getStartIndex()), static_cast<uint32_t>(t->getStopIndex() + 1)};
    token.line = file.line_col(token.span.begin).line;
    token.end_line = file.line_col(token.span.end > token.span.begin ? token.span.end - 1 : token.span.begin).line;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace flowc::parse
