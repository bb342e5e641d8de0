// The nesting limit (docs/language.md "Limits", parse.h kMaxNesting): every
// form that makes some phase recurse is generated far past the limit
// (100,000 deep or long) and must give E005, never a stack overflow; the
// same forms right at the limit must go through every phase (check, lower,
// dump, format, graph) without E005 and without overflowing the stack under
// the sanitizers. Long flat forms (`else if` chains, list literals) are no
// nesting at all and must stay accepted.
#include <catch2/catch.hpp>

#include <string>

#include "ast/dump.h"
#include "check/check.h"
#include "driver/load.h"
#include "format/format.h"
#include "graph/graph.h"
#include "lower/lower.h"
#include "parse/parse.h"

using namespace flowc;

namespace {

constexpr size_t kFar = 100000;
constexpr size_t kLimit = parse::kMaxNesting;

std::string repeat(const std::string& piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// `first` then `times` copies of `joiner + item`.
std::string chain(const std::string& item, const std::string& joiner, size_t operands) {
  return item + repeat(joiner + item, operands - 1);
}

const std::string kPrelude =
    "profile { vip: bool  n: int }\n"
    "list L\n"
    "email m { subject \"s\" body \"{{ unsubscribe_link }}\" }\n";

std::string flow_with(const std::string& steps) {
  return "flow F {\n  trigger list L\n  status live\n" + steps + "\n}\n";
}

struct Checked {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load;
  check::Symbols symbols;
  size_t count(const char* code) const {
    size_t n = 0;
    for (const Diagnostic& d : sink.diagnostics()) n += std::string(d.code()) == code;
    return n;
  }
};

std::unique_ptr<Checked> check_text(const std::string& text) {
  auto c = std::make_unique<Checked>();
  c->sink.set_error_limit(0);
  c->load = driver::load_program_text(FLOWC_SOURCE_DIR "/tests/nesting.flow", text, c->sources, c->sink);
  c->symbols = check::check_program(c->load.program, c->sources, c->sink);
  return c;
}

// Far past the limit: one E005 (or one per place that goes too deep), no crash.
void require_refused(const std::string& text) {
  std::unique_ptr<Checked> c = check_text(text);
  CHECK(c->count("E005") >= 1);
  CHECK(c->sink.has_errors());
  DiagnosticSink format_sink;
  CHECK_FALSE(format::format_source("deep.flow", text, format_sink).has_value());
}

// Right at the limit: every phase runs, nothing is refused.
void require_accepted_everywhere(const std::string& text) {
  std::unique_ptr<Checked> c = check_text(text);
  std::string errors;
  for (const Diagnostic& d : c->sink.diagnostics())
    if (d.severity == Severity::Error) errors += std::string(d.code()) + " " + d.message + "\n";
  INFO(errors);
  REQUIRE_FALSE(c->sink.has_errors());
  ir::Module module = lower::lower_program(c->load.program, c->symbols, c->sources);
  CHECK_FALSE(module.flows.empty());
  CHECK_FALSE(ast::dump(c->load.program, c->sources).empty());
  DiagnosticSink format_sink;
  CHECK(format::format_source("deep.flow", text, format_sink).has_value());
  CHECK(graph::build(c->symbols, c->sources, graph::Kind::Flow, "F").has_value());
}

}  // namespace

TEST_CASE("brackets, blocks, types and prefix operators 100,000 deep give E005", "[robustness]") {
  SECTION("parentheses") { require_refused(kPrelude + "segment S = " + repeat("(", kFar) + "profile.vip" + repeat(")", kFar)); }
  SECTION("unclosed parentheses") { require_refused(kPrelude + "segment S = " + repeat("(", kFar)); }
  SECTION("list brackets") { require_refused(kPrelude + "segment S = 1 in " + repeat("[", kFar) + repeat("]", kFar)); }
  SECTION("call arguments") {
    require_refused(kPrelude + "segment S = " + repeat("lower(", kFar) + "\"x\"" + repeat(")", kFar) + " == \"x\"");
  }
  SECTION("not") { require_refused(kPrelude + "segment S = " + repeat("not ", kFar) + "profile.vip"); }
  SECTION("unary minus") { require_refused(kPrelude + "segment S = " + repeat("-", kFar) + "1 > 0"); }
  SECTION("not inside comparisons") {
    require_refused(kPrelude + "segment S = " + chain("not profile.vip", " == ", kFar));
  }
  SECTION("if blocks") {
    require_refused(kPrelude + flow_with(repeat("if profile.vip {\n", kFar) + "send email m" + repeat("}", kFar)));
  }
  SECTION("list types") { require_refused("profile { x: " + repeat("list<", kFar) + "int" + repeat(">", kFar) + " }\n"); }
  SECTION("a template hole") {
    require_refused(kPrelude + "email deep { subject \"{{ " + repeat("(", kFar) + "profile.n" + repeat(")", kFar) +
                    " }}\" body \"{{ unsubscribe_link }}\" }\n");
  }
}

TEST_CASE("operator chains 100,000 long give E005: the AST would be as deep", "[robustness]") {
  SECTION("+") { require_refused(kPrelude + "segment S = " + chain("profile.n", " + ", kFar) + " > 0"); }
  SECTION("*") { require_refused(kPrelude + "segment S = " + chain("profile.n", " * ", kFar) + " > 0"); }
  SECTION("and") { require_refused(kPrelude + "segment S = " + chain("profile.vip", " and ", kFar)); }
  SECTION("or") { require_refused(kPrelude + "segment S = " + chain("profile.vip", " or ", kFar)); }
  SECTION("==") { require_refused(kPrelude + "segment S = " + chain("profile.vip", " == ", kFar)); }
  SECTION("in a flow's if") {
    require_refused(kPrelude + flow_with("if " + chain("profile.vip", " or ", kFar) + " { send email m }"));
  }
}

TEST_CASE("the same forms right at the limit go through every phase", "[robustness]") {
  // 255 brackets around an operand are 256 levels: the bracketed expressions and the operand.
  SECTION("parentheses") {
    require_accepted_everywhere(kPrelude + "segment S = " + repeat("(", kLimit - 1) + "profile.vip" +
                                repeat(")", kLimit - 1) + "\n" + flow_with("if profile in segment S { send email m }"));
  }
  SECTION("not") {
    // An even number of `not`s keeps the value; 254 of them plus the operand.
    require_accepted_everywhere(kPrelude + flow_with("if " + repeat("not ", kLimit - 2) + "profile.vip { send email m }"));
  }
  SECTION("an or chain") {
    require_accepted_everywhere(kPrelude + flow_with("if " + chain("profile.vip", " or ", kLimit - 2) +
                                                     " { send email m }"));
  }
  SECTION("an arithmetic chain") {
    require_accepted_everywhere(kPrelude + flow_with("set profile.n = " + chain("profile.n", " + ", kLimit - 2) +
                                                     "\nsend email m"));
  }
  SECTION("if blocks") {
    // The flow's braces and 250 nested blocks, each condition one more level.
    size_t depth = kLimit - 6;
    require_accepted_everywhere(kPrelude + flow_with(repeat("if profile.vip {\n", depth) + "send email m" +
                                                     repeat("}", depth)));
  }
  SECTION("blocks and a chain in the innermost one") {
    size_t depth = kLimit / 2 - 2;
    require_accepted_everywhere(kPrelude + flow_with(repeat("if profile.vip {\n", depth) + "if " +
                                                     chain("profile.vip", " and ", kLimit / 2 - 2) +
                                                     " { send email m }" + repeat("}", depth)));
  }
}

TEST_CASE("flat forms 100,000 long are no nesting: else-if chains, list literals, arguments", "[robustness]") {
  SECTION("else if") {
    std::unique_ptr<Checked> c = check_text(kPrelude + flow_with("if profile.vip { send email m }" +
                                                                 repeat(" else if profile.vip { exit }", kFar)));
    CHECK(c->count("E005") == 0);
    CHECK_FALSE(c->sink.has_errors());
    ir::Module module = lower::lower_program(c->load.program, c->symbols, c->sources);
    CHECK(module.flows.size() == 1);
  }
  SECTION("a list literal") {
    std::unique_ptr<Checked> c = check_text(kPrelude + "segment S = profile.n in [" + chain("1", ", ", kFar) + "]\n");
    CHECK(c->count("E005") == 0);
    CHECK_FALSE(c->sink.has_errors());
  }
}
