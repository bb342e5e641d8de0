#include "parse/parse.h"

#include <fmt/format.h>

#include <algorithm>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "parse/builder.h"
#include "parse/code_point_stream.h"
#include "parse/nesting.h"
#include "parse/syntax_error_listener.h"

namespace flowc::parse {

namespace {

// E005 where the text first nests deeper than kMaxNesting. `whole_text`:
// the token pass stopped ANTLR from parsing anything at all.
void report_too_deep(Builder& builder, Span span, bool whole_text) {
  std::string message = fmt::format("nested more than {} levels deep", kMaxNesting);
  if (whole_text) message += "; the rest of the text is not read";
  builder.sink().report(DiagnosticKind::NestingTooDeep, span, std::move(message)).hint =
      "split deep expressions into segments or simpler conditions, and deep `if`s into several flows";
}

// Owns one ANTLR pipeline over a piece of text: lexes it, refuses text that
// nests too deeply (nesting.h), parses it with `parse` (a rule of the
// grammar) with flowc's error listener attached, leaves out of the build
// whatever the tree nests too deeply, and hands the tree to `build`. The
// parse tree lives only during the call, which is why phases after this one
// never see ANTLR types. Nothing is built when the sink has stopped at its
// error limit (the listener then interrupts ANTLR, so no more time goes
// into error recovery).
template <typename Rule, typename Build>
void run_parser(std::u32string_view code_points, Builder& builder, Rule&& parse, Build&& build) {
  CodePointStream input(code_points);
  flowc_antlr::FlowLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (antlr4::Token* deep = first_token_too_deep(tokens.getTokens())) {
    report_too_deep(builder, builder.span(deep), true);
    builder.mark_broken(builder.span(deep).begin);
    return;
  }
  flowc_antlr::FlowParser parser(&tokens);
  SyntaxErrorListener listener(builder);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  antlr4::ParserRuleContext* tree = nullptr;
  try {
    tree = parse(parser);
  } catch (const SyntaxErrorListener::ErrorLimitReached&) {
    return;
  }
  std::vector<antlr4::ParserRuleContext*> too_deep = contexts_too_deep(tree);
  size_t last_line = 0;  // one E005 per line, as for syntax errors: a chain is cut in several places
  for (antlr4::ParserRuleContext* ctx : too_deep) {
    Span at = builder.span(ctx->getStart());
    size_t line = ctx->getStart()->getLine();
    if (line != last_line) report_too_deep(builder, at, false);
    last_line = line;
    builder.mark_broken(at.begin);
  }
  builder.leave_out(too_deep);
  if (tree && !builder.sink().stopped()) build(tree);
}

// Whether a sorted list of offsets has one within `span`.
bool has_offset_within(const std::vector<uint32_t>& sorted_offsets, Span span) {
  auto it = std::lower_bound(sorted_offsets.begin(), sorted_offsets.end(), span.begin);
  return it != sorted_offsets.end() && *it <= span.end;
}

}  // namespace

ast::File parse_file(const SourceManager& sources, FileId file_id, DiagnosticSink& sink) {
  ast::File file;
  file.file_id = file_id;
  Builder builder(sources, file_id, sink);
  std::vector<uint32_t> broken_offsets;
  builder.keep_broken_offsets(&broken_offsets);
  std::vector<Span> decl_spans;
  run_parser(
      sources.file(file_id).code_points(), builder, [](flowc_antlr::FlowParser& parser) { return parser.file(); },
      [&](antlr4::ParserRuleContext* tree) {
        for (P::TopDeclContext* decl : static_cast<P::FileContext*>(tree)->topDecl()) {
          if (!decl) continue;
          if (sink.stopped()) break;  // past the error limit: stop working
          decl_spans.push_back(builder.span(decl));
          builder.top_decl(decl, file);
        }
      });
  // Declarations with an error in them are skipped by the checker; text
  // refused as a whole leaves nothing to check.
  std::sort(broken_offsets.begin(), broken_offsets.end());
  for (Span span : decl_spans)
    if (has_offset_within(broken_offsets, span)) file.broken.push_back(span);
  return file;
}

ast::Text parse_template_file(const SourceManager& sources, FileId file_id, DiagnosticSink& sink) {
  const SourceFile& file = sources.file(file_id);
  Builder builder(sources, file_id, sink);
  std::vector<uint32_t> positions(file.code_points().size());
  for (uint32_t i = 0; i < positions.size(); ++i) positions[i] = i;
  Span span{file_id, 0, static_cast<uint32_t>(positions.size())};
  return builder.template_text(file.code_points(), std::move(positions), span);
}

ast::ExprPtr parse_expression(const SourceManager& sources, FileId file_id, DiagnosticSink& sink) {
  Builder builder(sources, file_id, sink);
  ast::ExprPtr result;
  run_parser(
      sources.file(file_id).code_points(), builder,
      [](flowc_antlr::FlowParser& parser) { return parser.singleExpr(); },
      [&](antlr4::ParserRuleContext* tree) { result = builder.expr(static_cast<P::SingleExprContext*>(tree)->expr()); });
  return result;
}

// Parses one `{{ ... }}` hole of a template (declared in builder.h).
void Builder::parse_hole(const std::u32string& hole, std::vector<uint32_t> positions, ast::TemplatePart& part) {
  Builder inner(sources_, file_, sink_, std::move(positions));
  inner.keep_broken_offsets(broken_offsets_);  // an error in a hole breaks its declaration
  run_parser(
      hole, inner, [](flowc_antlr::FlowParser& parser) { return parser.templateExpr(); },
      [&](antlr4::ParserRuleContext* tree) {
        auto* hole_tree = static_cast<P::TemplateExprContext*>(tree);
        part.expr = inner.expr(hole_tree->expr());
        inner.template_filters(hole_tree->templateFilter(), part);
      });
}

}  // namespace flowc::parse
