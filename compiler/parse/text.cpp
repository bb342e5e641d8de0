// Leaves of the parse tree: places, names, string literals with their
// templates, and the literal forms (durations, times of day, dates).
#include <fmt/format.h>

#include <chrono>
#include <charconv>

#include "FlowLexer.h"
#include "parse/builder.h"
#include "parse/numbers.h"
#include "stdlib/duration.h"

namespace flowc::parse {

using L = flowc_antlr::FlowLexer;

uint32_t Builder::map(size_t index) const {
  if (offsets_.empty()) return static_cast<uint32_t>(index);
  if (index < offsets_.size()) return offsets_[index];
  return offsets_.back() + 1 + static_cast<uint32_t>(index - offsets_.size());
}

Span Builder::span(antlr4::Token* token) const {
  if (!token) return {file_, 0, 0};
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  if (start == static_cast<size_t>(-1)) return {file_, 0, 0};
  uint32_t begin = map(start);
  uint32_t end = stop == static_cast<size_t>(-1) || stop < start ? begin : map(stop) + 1;
  return {file_, begin, end};
}

Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return {file_, 0, 0};
  Span first = span(ctx->getStart());
  if (!ctx->getStop() || ctx->getStop()->getTokenIndex() < ctx->getStart()->getTokenIndex()) return first;
  Span last = span(ctx->getStop());
  return first.to(last);
}

ast::Name Builder::name(P::NameContext* ctx) const {
  if (!ctx) return {};
  return {ctx->getText(), span(ctx)};
}

ast::Name Builder::decl_name(P::DeclNameContext* ctx) {
  if (!ctx) return {};
  if (ctx->str()) return {text(ctx->str()).value, span(ctx)};
  return name(ctx->name());
}

ast::Name Builder::metric_name(P::MetricRefContext* ctx) {
  if (!ctx) return {};
  if (ctx->str()) return {text(ctx->str()).value, span(ctx)};
  return name(ctx->name());
}

std::u32string decode_escapes(std::u32string_view raw, std::vector<uint32_t>& positions, std::vector<uint32_t>& bad) {
  std::u32string out;
  for (uint32_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != U'\\' || i + 1 >= raw.size()) {
      out.push_back(raw[i]);
      positions.push_back(i);
      continue;
    }
    char32_t c = raw[i + 1];
    uint32_t at = i;
    char32_t decoded = 0;
    switch (c) {
      case U'"': decoded = U'"'; break;
      case U'\\': decoded = U'\\'; break;
      case U'n': decoded = U'\n'; break;
      case U't': decoded = U'\t'; break;
      case U'u': {
        // \u{1F600}
        size_t close = raw.find(U'}', i + 2);
        if (i + 2 < raw.size() && raw[i + 2] == U'{' && close != std::u32string_view::npos && close > i + 3 &&
            close - i - 3 <= 6) {
          uint32_t value = 0;
          bool ok = true;
          for (size_t k = i + 3; k < close; ++k) {
            char32_t h = raw[k];
            int digit = h >= U'0' && h <= U'9' ? h - U'0' : h >= U'a' && h <= U'f' ? h - U'a' + 10
                      : h >= U'A' && h <= U'F' ? h - U'A' + 10 : -1;
            if (digit < 0) ok = false;
            value = value * 16 + (digit < 0 ? 0 : digit);
          }
          if (ok && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF)) {
            out.push_back(value);
            positions.push_back(at);
            i = static_cast<uint32_t>(close);
            continue;
          }
        }
        bad.push_back(at);
        out.push_back(0xFFFD);
        positions.push_back(at);
        ++i;
        continue;
      }
      default:
        bad.push_back(at);
        decoded = c;
    }
    out.push_back(decoded);
    positions.push_back(at);
    ++i;
  }
  return out;
}

void Builder::report_unterminated(Span span) {
  sink_.report(DiagnosticKind::SyntaxError, span, "unterminated string")
      .hint = "add the closing `\"` on the same line, or use `\"\"\"` for text over several lines";
}

ast::Text Builder::text(antlr4::tree::TerminalNode* node) {
  if (!node) return {};
  antlr4::Token* token = node->getSymbol();
  Span whole = span(token);
  std::u32string raw = decode_utf8(token->getText());
  bool triple = token->getType() == L::TRIPLE_STRING;
  size_t quote = triple ? 3 : 1;
  if (token->getType() == L::UNTERMINATED_STRING) {
    report_unterminated(whole);
    raw.push_back(U'"');
  }
  if (raw.size() < 2 * quote) return {{}, whole, {}};
  std::u32string_view inner = std::u32string_view(raw).substr(quote, raw.size() - 2 * quote);
  std::vector<uint32_t> local;
  std::u32string value;
  if (triple) {
    value = std::u32string(inner);
    for (uint32_t i = 0; i < inner.size(); ++i) local.push_back(i);
  } else {
    std::vector<uint32_t> bad;
    value = decode_escapes(inner, local, bad);
    for (uint32_t at : bad) {
      uint32_t begin = map(token->getStartIndex() + quote + at);
      sink_.report(DiagnosticKind::InvalidLiteral, Span{file_, begin, begin + 2},
                   "unknown escape in string")
          .hint = "the escapes are \\\" \\\\ \\n \\t and \\u{1F600}; use \"\"\"...\"\"\" for text with backslashes";
    }
  }
  std::vector<uint32_t> positions;
  positions.reserve(local.size());
  for (uint32_t i : local) positions.push_back(map(token->getStartIndex() + quote + i));
  return template_text(value, std::move(positions), whole);
}

ast::Text Builder::text(P::StrContext* ctx) {
  if (!ctx) return {};
  return text(ctx->STRING() ? ctx->STRING() : ctx->TRIPLE_STRING() ? ctx->TRIPLE_STRING() : ctx->UNTERMINATED_STRING());
}

std::string Builder::string_value(antlr4::Token* token) {
  if (!token) return {};
  std::u32string raw = decode_utf8(token->getText());
  if (token->getType() == L::UNTERMINATED_STRING) {
    report_unterminated(span(token));
    raw.push_back(U'"');
  }
  bool triple = token->getType() == L::TRIPLE_STRING;
  size_t quote = triple ? 3 : 1;
  if (raw.size() < 2 * quote) return {};
  std::u32string_view inner = std::u32string_view(raw).substr(quote, raw.size() - 2 * quote);
  if (triple) return encode_utf8(inner);
  std::vector<uint32_t> positions, bad;
  std::u32string value = decode_escapes(inner, positions, bad);
  for (uint32_t at : bad) {
    uint32_t begin = map(token->getStartIndex() + quote + at);
    sink_.report(DiagnosticKind::InvalidLiteral, Span{file_, begin, begin + 2}, "unknown escape in string");
  }
  return encode_utf8(value);
}

ast::Text Builder::template_text(const std::u32string& value, std::vector<uint32_t> positions, Span span) {
  ast::Text text;
  text.value = encode_utf8(value);
  text.span = span;
  size_t i = 0;
  std::u32string literal;
  uint32_t literal_start = 0;
  auto flush_literal = [&](size_t end) {
    if (literal.empty()) return;
    ast::TemplatePart part;
    part.literal = encode_utf8(literal);
    part.span = Span{file_, positions[literal_start], end < positions.size() ? positions[end] : span.end};
    text.parts.push_back(std::move(part));
    literal.clear();
  };
  while (i < value.size()) {
    if (value.compare(i, 2, U"{{") != 0) {
      if (literal.empty()) literal_start = static_cast<uint32_t>(i);
      literal.push_back(value[i++]);
      continue;
    }
    flush_literal(i);
    size_t close = value.find(U"}}", i + 2);
    Span open_span{file_, positions[i], positions[i] + 2};
    if (close == std::u32string::npos) {
      sink_.report(DiagnosticKind::SyntaxError, open_span, "unterminated `{{` in template").hint =
          "close the template expression with `}}`";
      return text;
    }
    ast::TemplatePart part;
    part.span = Span{file_, positions[i], positions[close + 1] + 1};
    std::u32string hole = value.substr(i + 2, close - i - 2);
    std::vector<uint32_t> hole_positions(positions.begin() + i + 2, positions.begin() + close);
    if (hole.find_first_not_of(U" \t\r\n") == std::u32string::npos) {
      sink_.report(DiagnosticKind::SyntaxError, part.span, "empty `{{ }}` in template");
    } else {
      parse_hole(hole, std::move(hole_positions), part);
    }
    text.parts.push_back(std::move(part));
    i = close + 2;
  }
  flush_literal(value.size());
  return text;
}

std::optional<std::string> Builder::token_text(antlr4::tree::TerminalNode* node) const {
  if (!node || dynamic_cast<antlr4::tree::ErrorNode*>(node)) return std::nullopt;
  antlr4::Token* token = node->getSymbol();
  if (!token || token->getTokenIndex() == INVALID_INDEX) return std::nullopt;
  return token->getText();
}

void Builder::reject_literal(Span span, std::string message, std::string hint) {
  sink_.report(DiagnosticKind::InvalidLiteral, span, std::move(message)).hint = std::move(hint);
  mark_broken(span.begin);
}

int64_t Builder::duration(antlr4::tree::TerminalNode* node) {
  std::optional<std::string> text = token_text(node);
  if (!text) return 0;
  // The lexer matched numbers each followed by a unit, so the only way
  // this fails is a total over the limit.
  constexpr int64_t kLongest = int64_t(100) * 366 * 1440;
  std::optional<int64_t> minutes = stdlib::parse_duration_minutes(*text, kLongest);
  if (!minutes) {
    reject_literal(span(node), fmt::format("duration `{}` is too long", *text), "durations are limited to 100 years");
    return 0;
  }
  return *minutes;
}

int Builder::time_of_day(antlr4::tree::TerminalNode* node) {
  std::optional<std::string> text = token_text(node);
  if (!text) return 0;
  size_t colon = text->find(':');
  std::optional<int64_t> hours = colon == std::string::npos ? std::nullopt : to_int(text->substr(0, colon));
  std::optional<int64_t> minutes = colon == std::string::npos ? std::nullopt : to_int(text->substr(colon + 1));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) {
    sink_.report(DiagnosticKind::InvalidLiteral, span(node), fmt::format("`{}` is not a time of day", *text)).hint =
        "write a 24-hour time between 00:00 and 23:59";
    return 0;
  }
  return static_cast<int>(*hours * 60 + *minutes);
}

double Builder::percent(antlr4::tree::TerminalNode* node) {
  std::optional<std::string> text = token_text(node);
  if (!text) return 0;
  std::string_view digits(*text);
  if (!digits.empty() && digits.back() == '%') digits.remove_suffix(1);
  std::optional<double> value = to_decimal(digits);
  if (!value) {
    reject_literal(span(node), fmt::format("percentage `{}` is out of range", *text));
    return 0;
  }
  return *value;
}

namespace {

// Days since 1970-01-01 of a `YYYY-MM-DD` the lexer matched, or nullopt when
// the date does not exist.
std::optional<int64_t> civil_days(const std::string& text) {
  if (text.size() != 10) return std::nullopt;
  std::optional<int64_t> y = to_int(text.substr(0, 4)), m = to_int(text.substr(5, 2)), d = to_int(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(*y)}, std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

}  // namespace

ast::DateTimeValue Builder::date_time(P::DateTimeContext* ctx) {
  ast::DateTimeValue value;
  if (!ctx) return value;
  std::optional<std::string> date = token_text(ctx->DATE());
  if (!date) return value;
  value.span = span(ctx);
  auto days = civil_days(*date);
  if (!days) {
    sink_.report(DiagnosticKind::InvalidLiteral, span(ctx->DATE()), fmt::format("`{}` is not a date", *date));
    days = 0;
  }
  value.local_minutes = *days * 1440;
  if (ctx->TIME()) {
    value.has_time = true;
    value.local_minutes += time_of_day(ctx->TIME());
  }
  return value;
}

bool Builder::on_off(P::OnOffContext* ctx) const { return ctx && ctx->getText() == "on"; }

// Exposed for the expression builder: the days of a DATE token.
int64_t date_literal_days(Builder& builder, antlr4::tree::TerminalNode* node) {
  std::optional<std::string> text = builder.token_text(node);
  if (!text) return 0;
  auto days = civil_days(*text);
  if (!days) {
    builder.sink().report(DiagnosticKind::InvalidLiteral, builder.span(node), fmt::format("`{}` is not a date", *text));
    return 0;
  }
  return *days;
}

}  // namespace flowc::parse
