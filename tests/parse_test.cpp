// Parser tests: the checked AST of the examples against a recorded dump
// (tests/parse/*.ast), and focused checks of how forms become AST.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>

#include "ast/dump.h"
#include "check/check.h"
#include "driver/load.h"
#include "golden.h"
#include "parse/parse.h"

using namespace flowc;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load;
};

std::unique_ptr<Parsed> parse_text(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  p->load = driver::load_program_text("test.flow", text, p->sources, p->sink);
  check::check_program(p->load.program, p->sources, p->sink);
  return p;
}

// The dump with the machine-specific source directory removed.
std::string portable_dump(const Parsed& p) {
  std::string dump = ast::dump(p.load.program, p.sources);
  std::string dir = FLOWC_SOURCE_DIR "/";
  for (size_t at; (at = dump.find(dir)) != std::string::npos;) dump.erase(at, dir.size());
  return dump;
}

}  // namespace

// The AST dump of the example program is recorded in tests/parse/acme.ast.
// After an intended change, refresh it with:
//   build/tools/flowc/flowc dump-ast examples/acme.flow | sed "s|$PWD/||" > tests/parse/acme.ast
TEST_CASE("the example program's AST matches its recorded dump", "[parse]") {
  auto p = std::make_unique<Parsed>();
  p->load = driver::load_program({FLOWC_SOURCE_DIR "/examples/acme.flow"}, p->sources, p->sink);
  check::check_program(p->load.program, p->sources, p->sink);
  REQUIRE(p->sink.diagnostics().empty());
  std::string expected = read(FLOWC_SOURCE_DIR "/tests/parse/acme.ast");
  REQUIRE(!expected.empty());
  CHECK(portable_dump(*p) == expected);
}

TEST_CASE("every example file is reached through imports and parses cleanly", "[parse]") {
  auto p = std::make_unique<Parsed>();
  p->load = driver::load_program({FLOWC_SOURCE_DIR "/examples/acme.flow"}, p->sources, p->sink);
  CHECK(p->load.program.files.size() == 6);
  CHECK(p->sink.diagnostics().empty());
}

TEST_CASE("precedence follows LANGUAGE.md section 3", "[parse]") {
  auto p = parse_text(R"(profile { vip: bool  first_name: string? }
segment S = not profile.vip or 1 + 2 * 3 > 4 and profile.first_name is set)");
  CHECK(p->sink.diagnostics().empty());
  REQUIRE(p->load.program.files[0].segments.size() == 1);
  std::string dump = ast::dump_expr(*p->load.program.files[0].segments[0].condition);
  CHECK(dump == "(or (not profile.vip : bool) (and (> (+ 1 (* 2 3 : int) : int) 4 : bool) "
                "(is_set profile.first_name : bool) : bool) : bool)");
}

TEST_CASE("durations, times, dates and day sets become numbers", "[parse]") {
  auto p = parse_text(R"(
list L
email e { subject "s" body "{{ unsubscribe_link }}" }
flow F {
  trigger list L
  status live
  wait 1d12h
  send email e
  wait 2d at 10:30 on mon..wed, sat
  send email e as again
  wait until 09:00 on fri..mon
  send email e as third
}
)");
  CHECK(p->sink.diagnostics().empty());
  const ast::Block& steps = p->load.program.files[0].flows[0].steps;
  REQUIRE(steps.size() == 6);
  CHECK(steps[0].duration_minutes == 36 * 60);
  CHECK(steps[2].duration_minutes == 2 * 1440);
  CHECK(*steps[2].at_minute == 10 * 60 + 30);
  CHECK(steps[2].days == 0b0100111);  // mon tue wed sat
  CHECK(steps[4].days == 0b1110001);  // fri sat sun mon
}

TEST_CASE("string escapes and templates keep their source positions", "[parse]") {
  auto p = parse_text("email e {\n  subject \"Hi \\\"{{ profile.nme }}\\\"\"\n  body \"{{ unsubscribe_link }}\"\n}\n"
                      "list L\nflow F { trigger list L status live send email e }\n");
  // The unknown property is reported where it is written, line 2 col 17.
  REQUIRE(p->sink.diagnostics().size() == 1);
  const Diagnostic& d = p->sink.diagnostics()[0];
  CHECK(std::string(d.code()) == "E013");
  LineCol lc = p->sources.file(d.span.file).line_col(d.span.begin);
  CHECK(lc.line == 2);
  CHECK(lc.col == 20);
  CHECK(p->load.program.files[0].messages[0].fields[0].texts[0].value == "Hi \"{{ profile.nme }}\"");
}

TEST_CASE("keywords are ordinary names after profile. and event.", "[parse]") {
  auto p = parse_text(R"(
profile { status: string?  list: string?  default: int = 0 }
segment S = profile.status == "x" and profile.list is set and profile.default > 1
)");
  CHECK(p->sink.diagnostics().empty());
}

TEST_CASE("one syntax error per line, and the declarations around it survive", "[parse]") {
  auto p = parse_text(R"(
list A
segment B = profile.x ==
list C
flow F { trigger list Z  status live }
)");
  // The broken segment gives E001; the flow after it is still checked (E010
  // for Z). ANTLR's single-token deletion takes `C` as the missing operand.
  std::vector<std::string> codes;
  for (const Diagnostic& d : p->sink.sorted()) codes.push_back(d.code());
  CHECK(codes == std::vector<std::string>{"E001", "E010"});
  CHECK(p->load.program.files[0].lists.size() >= 1);
  CHECK(p->load.program.files[0].flows.size() == 1);
}

// `as LABEL` after the head of every step kind (grammar/Flow.g4 `stepLabel`);
// the dump shows it. A list called `as` is still a list: the label follows it.
TEST_CASE("every step kind takes `as LABEL`", "[parse]") {
  auto p = parse_text(R"(
profile { vip: bool = false }
metric M { x: number }
list as
email e { subject "s" body "{{ unsubscribe_link }}" }
flow F {
  trigger metric M  status live
  send email e as s1
  wait 1d on mon..fri as w1
  wait until 09:00 as w2
  if profile.vip as b1 { set profile.vip = true as s2 } else if profile.vip { unset profile.vip as u1 }
  split on event.x > 1 as b2 { add to list as as l1 } else { remove from list as as l2 }
  notify "a@x.example" "t" as n1
  send email e as s3
  exit as x1
}
)");
  REQUIRE(p->sink.error_count() == 0);
  const ast::Block& steps = p->load.program.files[0].flows.at(0).steps;
  std::vector<std::string> labels;
  std::function<void(const ast::Block&)> collect = [&](const ast::Block& block) {
    for (const ast::Step& s : block) {
      labels.push_back(s.label ? s.label->text : "-");
      for (const ast::Block& b : s.branches) collect(b);
      collect(s.else_block);
    }
  };
  collect(steps);
  CHECK(labels == std::vector<std::string>{"s1", "w1", "w2", "b1", "s2", "u1", "b2", "l1", "l2", "n1", "s3", "x1"});
  CHECK(steps[4].branches.at(0).at(0).list.text == "as");
  std::string dump = portable_dump(*p);
  CHECK(dump.find("wait 1440m days=0011111 as w1") != std::string::npos);
  CHECK(dump.find("exit as x1") != std::string::npos);
}

// LANGUAGE.md: "The forms shown here must be accepted exactly as written."
TEST_CASE("every code block of LANGUAGE.md is accepted as written", "[parse]") {
  auto p = std::make_unique<Parsed>();
  p->load = driver::load_program({FLOWC_SOURCE_DIR "/tests/parse/language_md_snippets.flow"}, p->sources, p->sink);
  check::check_program(p->load.program, p->sources, p->sink);
  size_t unknown_names = 0;
  for (const Diagnostic& d : p->sink.diagnostics()) {
    std::string code = d.code();
    INFO(code << " " << d.message);
    bool missing_declaration = code == "E010" || code == "E041";  // fragments: names declared elsewhere
    CHECK((missing_declaration || d.severity == Severity::Warning));
    unknown_names += missing_declaration;
  }
  CHECK(unknown_names > 0);  // the file is the real extract, not an empty one
  CHECK(p->load.program.files[0].flows.size() == 5);
  CHECK(p->load.program.files[0].campaigns.size() == 1);
  CHECK(p->load.program.files[0].automations.size() == 2);
}

// A UTF-8 byte order mark is a character of the file like any other (the
// source map counts it). The parser used to hand ANTLR the text as UTF-8,
// and the ANTLR runtime drops a leading mark while decoding, so every span
// in such a file pointed one character to the left of its token.
TEST_CASE("spans in a file that starts with a byte order mark point at their tokens", "[parse]") {
  const std::string body = "list L\nsegment S = profile in list M\n";
  auto p = parse_text("\xEF\xBB\xBF" + body);
  REQUIRE(p->sink.diagnostics().size() == 1);
  const Diagnostic& unknown_list = p->sink.diagnostics()[0];
  CHECK(std::string(unknown_list.code()) == "E010");
  uint32_t m_offset = 1 + static_cast<uint32_t>(body.rfind('M'));  // code points: the mark, then the body
  CHECK(unknown_list.span.begin == m_offset);
  CHECK(unknown_list.span.end == m_offset + 1);
}
