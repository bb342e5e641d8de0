#include "parse/parse.h"

#include <set>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "parse/builder.h"
#include "parse/syntax_error_listener.h"

namespace flowc::parse {

namespace {

// Owns one ANTLR pipeline over a piece of text and hands the parser to `use`
// with flowc's error listener attached. The parse tree lives only during the
// call, which is why phases after this one never see ANTLR types.
template <typename Use>
void run_parser(const std::string& utf8, Builder& builder, std::vector<uint32_t>* error_offsets, Use&& use) {
  antlr4::ANTLRInputStream input(utf8);
  flowc_antlr::FlowLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  flowc_antlr::FlowParser parser(&tokens);
  SyntaxErrorListener listener(builder, error_offsets);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  use(parser);
}

// The text ANTLR sees: the file's code points re-encoded, so invalid UTF-8
// (already replaced by U+FFFD) cannot upset the ANTLR runtime's decoder.
std::string parser_input(const SourceFile& file) { return encode_utf8(file.code_points()); }

}  // namespace

ast::File parse_file(const SourceManager& sources, FileId file_id, DiagnosticSink& sink) {
  ast::File file;
  file.file_id = file_id;
  Builder builder(sources, file_id, sink);
  std::vector<uint32_t> error_offsets;
  run_parser(parser_input(sources.file(file_id)), builder, &error_offsets, [&](flowc_antlr::FlowParser& parser) {
    P::FileContext* tree = parser.file();
    for (P::TopDeclContext* decl : tree->topDecl()) {
      if (!decl) continue;
      Span span = builder.span(decl);
      bool broken = false;
      for (uint32_t offset : error_offsets)
        if (offset >= span.begin && offset <= span.end) broken = true;
      if (broken) file.broken.push_back(span);
      builder.top_decl(decl, file);
    }
  });
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
  run_parser(parser_input(sources.file(file_id)), builder, nullptr, [&](flowc_antlr::FlowParser& parser) {
    P::SingleExprContext* tree = parser.singleExpr();
    if (tree) result = builder.expr(tree->expr());
  });
  return result;
}

// Parses one `{{ ... }}` hole of a template (declared in builder.h).
void Builder::parse_hole(const std::u32string& hole, std::vector<uint32_t> positions, ast::TemplatePart& part) {
  Builder inner(sources_, file_, sink_, std::move(positions));
  run_parser(encode_utf8(hole), inner, nullptr, [&](flowc_antlr::FlowParser& parser) {
    P::TemplateExprContext* tree = parser.templateExpr();
    if (!tree) return;
    part.expr = inner.expr(tree->expr());
    inner.template_filters(tree->templateFilter(), part);
  });
}

}  // namespace flowc::parse
