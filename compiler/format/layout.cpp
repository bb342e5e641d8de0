// Line breaks and indentation. One pass over the tokens; each token either
// continues the current line or starts a new one, and a new line's indent
// follows from where the token stands: an item at its block's depth, a
// continuation of an item two spaces further (or aligned after an open
// bracket), a closing brace with its opening line.
#include <optional>

#include "format/layout.h"

namespace flowc::format {

using parse::Token;
using parse::TokenKind;
using parse::TokenRole;

namespace {

constexpr uint32_t kIndent = 2;

bool is_comment(const Token& t) { return t.kind == TokenKind::Comment; }
bool is_open_bracket(const Token& t) { return t.kind == TokenKind::Punct && (t.text == "(" || t.text == "["); }
bool is_close_bracket(const Token& t) { return t.kind == TokenKind::Punct && (t.text == ")" || t.text == "]"); }

std::string without_trailing_space(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  return text;
}

// Facts about the whole token list that the single pass needs ahead of time.
struct Plan {
  std::vector<size_t> match;          // index of the matching brace, for braces
  std::vector<bool> expanded;         // option braces that get one option per line
  std::vector<bool> block_decl;       // per token: belongs to a top-level declaration with a block
  std::vector<std::optional<size_t>> next_code;  // the next token that is not a comment
};

Plan plan(const std::vector<Token>& tokens) {
  Plan p;
  size_t n = tokens.size();
  p.match.assign(n, n);
  p.expanded.assign(n, false);
  p.block_decl.assign(n, false);
  p.next_code.assign(n, std::nullopt);
  std::vector<size_t> open;
  for (size_t i = 0; i < n; ++i) {
    TokenRole r = tokens[i].role;
    if (r == TokenRole::BlockOpen || r == TokenRole::OptionsOpen) open.push_back(i);
    if ((r == TokenRole::BlockClose || r == TokenRole::OptionsClose) && !open.empty()) {
      p.match[i] = open.back();
      p.match[open.back()] = i;
      // Options written over several lines, or holding a comment, stay one per line.
      if (r == TokenRole::OptionsClose) p.expanded[open.back()] = p.expanded[i] = tokens[i].line != tokens[open.back()].line;
      open.pop_back();
    }
  }
  // A top-level declaration runs from its first token to the next one's.
  size_t depth = 0, decl_begin = 0;
  bool has_block = false;
  auto close_decl = [&](size_t end) {
    for (size_t k = decl_begin; k < end; ++k) p.block_decl[k] = has_block;
  };
  for (size_t i = 0; i < n; ++i) {
    TokenRole r = tokens[i].role;
    if (depth == 0 && r == TokenRole::ItemStart) {
      close_decl(i);
      decl_begin = i;
      has_block = false;
    }
    if (r == TokenRole::BlockOpen) has_block = true, ++depth;
    if (r == TokenRole::OptionsOpen) ++depth;
    if ((r == TokenRole::BlockClose || r == TokenRole::OptionsClose) && depth > 0) --depth;
  }
  close_decl(n);
  std::optional<size_t> next;
  for (size_t i = n; i-- > 0;) {
    p.next_code[i] = next;
    if (!is_comment(tokens[i])) next = i;
  }
  return p;
}

class Layout {
 public:
  Layout(const std::vector<Token>& tokens) : tokens_(tokens), plan_(plan(tokens)) {}

  std::vector<Line> run() {
    for (size_t i = 0; i < tokens_.size(); ++i) place(i);
    return std::move(lines_);
  }

 private:
  struct Bracket {
    uint32_t line_indent;   // indent of the line the bracket is on
    int64_t align = -1;     // column where its continuation lines start; -1 until known
  };

  const std::vector<Token>& tokens_;
  Plan plan_;
  std::vector<Line> lines_;
  uint32_t depth_ = 0;          // open blocks (and expanded option blocks)
  uint32_t column_ = 0;         // where the next character of the current line goes
  int inline_options_ = 0;      // inside `{ ... }` options laid out on one line
  std::vector<Bracket> brackets_;
  std::optional<size_t> previous_;       // the previous token
  std::optional<size_t> previous_code_;  // the previous token that is not a comment
  std::optional<size_t> last_decl_line_;  // the line where the previous top-level declaration ended
  bool last_decl_block_ = false;

  const Token& token(size_t i) const { return tokens_[i]; }

  void place(size_t i) {
    const Token& t = token(i);
    if (is_comment(t)) return place_comment(i);
    if (t.role == TokenRole::BlockClose || (t.role == TokenRole::OptionsClose && plan_.expanded[i])) --depth_;
    if (t.role == TokenRole::OptionsClose && !plan_.expanded[i]) --inline_options_;
    bool top_decl = depth_ == 0 && t.role == TokenRole::ItemStart;
    if (starts_line(i))
      new_line(indent_of(i), blank_allowed(i) && previous_ && t.line > token(*previous_).end_line + 1);
    else if (previous_code_)
      append(space_between(token(*previous_code_), t, inline_options_ > 0));
    if (top_decl) separate_declarations(i);
    resolve_bracket_alignment();
    append(t.text);
    track_nesting(i);
    previous_ = previous_code_ = i;
  }

  void place_comment(size_t i) {
    const Token& t = token(i);
    std::string text = without_trailing_space(t.text);
    bool trailing = previous_ && !lines_.empty() && token(*previous_).end_line == t.line;
    if (trailing) {
      lines_.back().comment = text;
    } else {
      const std::optional<size_t>& next = plan_.next_code[i];
      uint32_t indent = next ? indent_of(*next) : depth_ * kIndent;
      bool after_open = previous_code_ && (token(*previous_code_).role == TokenRole::BlockOpen ||
                                           token(*previous_code_).role == TokenRole::OptionsOpen);
      bool blank = previous_ && !after_open && t.line > token(*previous_).end_line + 1;
      new_line(indent, blank);
      append(text);
    }
    previous_ = i;
  }

  // Whether token i goes at the start of a new line.
  bool starts_line(size_t i) const {
    const Token& t = token(i);
    if (!previous_) return true;
    if (is_comment(token(*previous_))) return true;
    const Token& prev = token(*previous_code_);
    bool empty_block = t.role == TokenRole::BlockClose && plan_.match[i] == *previous_code_;
    switch (t.role) {
      case TokenRole::ItemStart: return true;
      case TokenRole::OptionStart: return inline_options_ == 0;
      case TokenRole::BlockClose: return !empty_block;
      case TokenRole::OptionsClose: return plan_.expanded[i];
      case TokenRole::BlockOpen:
      case TokenRole::OptionsOpen: return false;
      default: break;
    }
    if (prev.role == TokenRole::BlockOpen || (prev.role == TokenRole::OptionsOpen && plan_.expanded[*previous_code_]))
      return true;
    if (t.text == "else" && prev.role == TokenRole::BlockClose) return false;  // `} else {`
    if (t.text == "if" && prev.text == "else") return false;                  // `else if`
    if (inline_options_ > 0) return false;
    // Inside an item, a line break the author made is kept.
    return t.line > prev.end_line;
  }

  // Blank lines are kept (at most one) between items, and before comments,
  // but never just inside a brace.
  bool blank_allowed(size_t i) const {
    const Token& t = token(i);
    if (t.role != TokenRole::ItemStart && t.role != TokenRole::OptionStart) return false;
    if (!previous_code_) return true;  // after the file's opening comments
    TokenRole prev = token(*previous_code_).role;
    return prev != TokenRole::BlockOpen && prev != TokenRole::OptionsOpen;
  }

  // The indent of token i when it starts a line. A comment on its own line
  // takes the indent of the code that follows it; before a closing brace
  // that is the items' depth, since the brace has not lowered depth_ yet
  // (place lowers it before asking for the brace's own indent).
  uint32_t indent_of(size_t i) const {
    const Token& t = token(i);
    bool closes = t.role == TokenRole::BlockClose || (t.role == TokenRole::OptionsClose && plan_.expanded[i]);
    if (closes) return depth_ * kIndent;
    if (t.role == TokenRole::ItemStart || t.role == TokenRole::OptionStart) return depth_ * kIndent;
    if (t.text == "else" && previous_code_ && token(*previous_code_).role == TokenRole::BlockClose)
      return depth_ * kIndent;
    if (!brackets_.empty()) {
      const Bracket& b = brackets_.back();
      if (is_close_bracket(t)) return b.line_indent;
      return b.align >= 0 ? static_cast<uint32_t>(b.align) : b.line_indent + kIndent;
    }
    return depth_ * kIndent + kIndent;
  }

  // One blank line between top-level declarations when either holds a block;
  // it goes right after the earlier one, above comments that lead into the
  // next, unless the author already left one there.
  void separate_declarations(size_t i) {
    bool block = plan_.block_decl[i];
    if (last_decl_line_ && (block || last_decl_block_)) {
      bool has_blank = false;
      for (size_t l = *last_decl_line_ + 1; l < lines_.size(); ++l) has_blank = has_blank || lines_[l].blank_before;
      if (!has_blank && *last_decl_line_ + 1 < lines_.size()) lines_[*last_decl_line_ + 1].blank_before = true;
    }
    last_decl_block_ = block;
  }

  // The first token after an open bracket fixes where the bracket's
  // continuation lines start: under that token when it shares the bracket's
  // line, else one indent step in from the bracket's line.
  void resolve_bracket_alignment() {
    if (brackets_.empty() || brackets_.back().align >= 0) return;
    Bracket& b = brackets_.back();
    b.align = starts_line_now_ ? b.line_indent + kIndent : column_;
  }

  void track_nesting(size_t i) {
    const Token& t = token(i);
    if (t.role == TokenRole::BlockOpen || (t.role == TokenRole::OptionsOpen && plan_.expanded[i])) ++depth_;
    if (t.role == TokenRole::OptionsOpen && !plan_.expanded[i]) ++inline_options_;
    if (is_open_bracket(t)) brackets_.push_back({lines_.back().indent});
    if (is_close_bracket(t) && !brackets_.empty()) brackets_.pop_back();
    const std::optional<size_t>& next = plan_.next_code[i];
    if (depth_ == 0 && (!next || token(*next).role == TokenRole::ItemStart)) last_decl_line_ = lines_.size() - 1;
  }

  bool starts_line_now_ = false;  // the token being placed opened a new line

  void new_line(uint32_t indent, bool blank) {
    Line line;
    line.indent = indent;
    line.blank_before = blank && !lines_.empty();
    lines_.push_back(std::move(line));
    column_ = indent;
    starts_line_now_ = true;
  }

  void append(const std::string& text) {
    if (text.empty()) return;
    lines_.back().code += text;
    size_t newline = text.rfind('\n');
    column_ = newline == std::string::npos ? column_ + width(text) : width(text.substr(newline + 1));
    starts_line_now_ = false;
  }
};

}  // namespace

std::vector<Line> lay_out(const std::vector<Token>& tokens) { return Layout(tokens).run(); }

}  // namespace flowc::format
