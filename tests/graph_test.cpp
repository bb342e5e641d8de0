// `flowc graph` (compiler/graph): every flow, campaign and automation of the
// example account drawn as DOT, compared with tests/graph/NAME.dot (and one
// Mermaid chart, NAME.mmd); the words used for waits; the errors of the
// command line. To regenerate a golden file after a deliberate change:
//   flowc graph examples/acme.flow --flow "Abandoned Cart" > tests/graph/abandoned_cart.dot
// and look at the diff (docs/graphs/*.svg are rendered from these files).
#include <catch2/catch.hpp>

#include "check/check.h"
#include "driver/load.h"
#include "golden.h"
#include "graph/builder.h"
#include "graph/graph.h"

using namespace flowc;

namespace {

const std::string kSource = FLOWC_SOURCE_DIR;

struct Example {
  graph::Kind kind;
  const char* name;
  const char* golden;  // under tests/graph/
};

const Example kExamples[] = {
    {graph::Kind::Flow, "Welcome Series", "welcome_series.dot"},
    {graph::Kind::Flow, "SMS Welcome", "sms_welcome.dot"},
    {graph::Kind::Flow, "Abandoned Cart", "abandoned_cart.dot"},
    {graph::Kind::Flow, "Post-Purchase", "post_purchase.dot"},
    {graph::Kind::Flow, "Order Shipped", "order_shipped.dot"},
    {graph::Kind::Flow, "Win-back", "win_back.dot"},
    {graph::Kind::Flow, "Birthday", "birthday.dot"},
    {graph::Kind::Flow, "Price Drop", "price_drop.dot"},
    {graph::Kind::Flow, "VIP entry", "vip_entry.dot"},
    {graph::Kind::Campaign, "Black Friday", "black_friday.dot"},
    {graph::Kind::Automation, "Cupcake quiz", "cupcake_quiz.dot"},
    {graph::Kind::Automation, "Opening hours", "opening_hours.dot"},
};

struct Checked {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load;
  check::Symbols symbols;
};

const Checked& example_program() {
  static Checked* checked = [] {
    auto* c = new Checked;
    c->load = driver::load_program({kSource + "/examples/acme.flow"}, c->sources, c->sink);
    c->symbols = check::check_program(c->load.program, c->sources, c->sink);
    return c;
  }();
  return *checked;
}

std::string flowc_graph(const std::string& args, std::string* out) {
  int status = testing::run_command(std::string(FLOWC_BINARY) + " graph " + args + " 2>&1", out);
  return std::to_string(status);
}

}  // namespace

TEST_CASE("graph: the example account's flows, campaign and automations as DOT", "[graph]") {
  const Checked& program = example_program();
  REQUIRE_FALSE(program.sink.has_errors());
  for (const Example& example : kExamples) {
    INFO(example.name);
    std::optional<graph::Graph> g = graph::build(program.symbols, program.sources, example.kind, example.name);
    REQUIRE(g);
    CHECK(graph::to_dot(*g) == testing::read_text(kSource + "/tests/graph/" + example.golden));
  }
  // Every flow of the example has its golden file.
  CHECK(graph::names(program.symbols, graph::Kind::Flow).size() == 9);
}

// Labels end their step's first line, on every kind of step; the program is
// the run scenario that shows labels in activity records.
//   flowc graph tests/run/step_labels_name_every_kind/program.flow --flow Labels > tests/graph/step_labels.dot
TEST_CASE("graph: step labels", "[graph]") {
  Checked program;
  program.load = driver::load_program({kSource + "/tests/run/step_labels_name_every_kind/program.flow"},
                                      program.sources, program.sink);
  program.symbols = check::check_program(program.load.program, program.sources, program.sink);
  REQUIRE_FALSE(program.sink.has_errors());
  std::optional<graph::Graph> g = graph::build(program.symbols, program.sources, graph::Kind::Flow, "Labels");
  REQUIRE(g);
  CHECK(graph::to_dot(*g) == testing::read_text(kSource + "/tests/graph/step_labels.dot"));
}

TEST_CASE("graph: Mermaid", "[graph]") {
  const Checked& program = example_program();
  std::optional<graph::Graph> g = graph::build(program.symbols, program.sources, graph::Kind::Flow, "Abandoned Cart");
  REQUIRE(g);
  CHECK(graph::to_mermaid(*g) == testing::read_text(kSource + "/tests/graph/abandoned_cart.mmd"));
}

TEST_CASE("graph: waits and durations in words", "[graph]") {
  ast::Step wait;
  wait.kind = ast::StepKind::WaitFor;
  wait.duration_minutes = 36 * 60;
  CHECK(graph::wait_words(wait) == "wait 1 day 12 hours");
  wait.duration_minutes = 2 * 1440;
  wait.at_minute = 10 * 60;
  CHECK(graph::wait_words(wait) == "wait 2 calendar days, until 10:00");
  wait.kind = ast::StepKind::WaitUntil;
  wait.at_minute = 9 * 60;
  wait.days = 0x1F;
  CHECK(graph::wait_words(wait) == "wait until 09:00 on weekdays");
  wait.days = 0x60;
  CHECK(graph::wait_words(wait) == "wait until 09:00 on weekends");
  wait.kind = ast::StepKind::WaitFor;
  wait.at_minute.reset();
  wait.duration_minutes = 1440;
  wait.days = 0x15;  // Mon, Wed, Fri
  CHECK(graph::wait_words(wait) == "wait 1 day, on Mon, Wed or Fri");
  CHECK(graph::duration_words(14 * 1440) == "2 weeks");
  CHECK(graph::duration_words(90 * 1440) == "90 days");
  CHECK(graph::duration_words(30) == "30 minutes");
}

TEST_CASE("graph: the command line", "[graph][cli]") {
  std::string example = kSource + "/examples/acme.flow", out;

  SECTION("dot by default, on standard output") {
    CHECK(flowc_graph(example + " --flow \"Abandoned Cart\"", &out) == "0");
    CHECK(out == testing::read_text(kSource + "/tests/graph/abandoned_cart.dot"));
  }
  SECTION("an unknown name lists the names that exist, exit 2") {
    CHECK(flowc_graph(example + " --flow \"Abandoned Kart\"", &out) == "2");
    CHECK(out.find("no flow named `Abandoned Kart`") != std::string::npos);
    CHECK(out.find("`Abandoned Cart`, `Birthday`,") != std::string::npos);
    CHECK(flowc_graph(example + " --campaign Nope", &out) == "2");
    CHECK(out.find("the campaigns are: `Black Friday`") != std::string::npos);
    CHECK(flowc_graph(example + " --automation Nope", &out) == "2");
    CHECK(out.find("the automations are: `Cupcake quiz`, `Opening hours`") != std::string::npos);
  }
  SECTION("exactly one of --flow, --campaign, --automation") {
    CHECK(flowc_graph(example, &out) == "2");
    CHECK(flowc_graph(example + " --flow Birthday --campaign \"Black Friday\"", &out) == "2");
    CHECK(out.find("exactly one of") != std::string::npos);
  }
  SECTION("a program with errors is not drawn") {
    CHECK(flowc_graph(kSource + "/tests/check/e013_unknown_profile_property.flow --flow x", &out) == "1");
    CHECK(out.find("E013") != std::string::npos);
  }
}
