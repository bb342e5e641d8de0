// `flowc chat`: the keyword-automation preview, driven with piped input
// through the example quiz (examples/acme.flow, "Cupcake quiz"), and the
// text matching that automations use (engine/automation_match.h).
#include <catch2/catch.hpp>

#include <string>

#include "engine/automation_match.h"
#include "golden.h"

namespace {

struct Chat {
  int status = -1;
  std::string out;
};

// Runs `flowc chat` on the example with `input` piped in (printf escapes).
Chat chat(const std::string& input, const std::string& args = "--automation \"Cupcake quiz\"") {
  Chat c;
  std::string command = "printf '" + input + "' | " + FLOWC_BINARY + " chat " + FLOWC_SOURCE_DIR +
                        "/examples/acme.flow " + args + " 2>&1";
  c.status = flowc::testing::run_command(command, &c.out);
  return c;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("chat: the quiz from keyword to recommendation, answers saved", "[chat]") {
  Chat c = chat("cupcake\\n2\\nstrawberry please\\n1\\n");
  INFO(c.out);
  REQUIRE(c.status == 0);
  CHECK(has(c.out, "Text CUPCAKE or SWEET TOOTH to start."));
  CHECK(has(c.out, "Acme Cupcakes: Let's find your perfect cupcake! Which base do you like best?\n"
                   "               1. Vanilla\n"
                   "               2. Chocolate\n"
                   "               3. Red Velvet\n"));
  CHECK(has(c.out, "Acme Cupcakes: And your favorite fruit?"));
  CHECK(has(c.out, "Acme Cupcakes: Last one: what's the occasion?"));
  // Chocolate + Strawberry: the first matching recommendation (UTM-tagged, as the account says).
  CHECK(has(c.out, "Acme Cupcakes: We love chocolate and strawberry too! Try the Berry Bliss box: "
                   "https://acme.example/berry-bliss?utm_source=flowc"));
  CHECK(has(c.out, "(conversation ended: completed)"));
  CHECK(has(c.out, "saved: profile.quiz_keyword = \"CUPCAKE\"\n"));
  CHECK(has(c.out, "saved: profile.favorite_flavor = \"Chocolate\"\n"));
  CHECK(has(c.out, "saved: profile.favorite_fruit = \"Strawberry\"\n"));
  CHECK(has(c.out, "saved: profile.quiz_occasion = \"Just for me\"\n"));
  CHECK(!has(c.out, "\x1b"));  // no terminal control codes when piped
}

TEST_CASE("chat: reprompts, then the fallback; HELP is answered and does not count", "[chat]") {
  Chat c = chat("SWEET TOOTH\\nhelp\\nbanana?\\nhmm\\nno idea\\n");
  INFO(c.out);
  REQUIRE(c.status == 0);
  CHECK(has(c.out, "Acme Cupcakes: Acme Cupcakes: treats & offers. Reply STOP to opt out."));
  size_t first = c.out.find("Sorry, we didn't get that.");
  REQUIRE(first != std::string::npos);
  CHECK(c.out.find("Sorry, we didn't get that.", first + 1) != std::string::npos);
  CHECK(has(c.out, "Acme Cupcakes: Thanks! Someone from our team will text you a personal pick soon."));
  CHECK(has(c.out, "(conversation ended: fallback)"));
  CHECK(has(c.out, "saved: profile.quiz_keyword = \"SWEET TOOTH\"\n"));
  CHECK(!has(c.out, "favorite_flavor"));
}

TEST_CASE("chat: only the named automation answers; reply triggers work without the campaign", "[chat]") {
  Chat c = chat("hours\\nshall we do the quiz\\n3\\n");
  INFO(c.out);
  REQUIRE(c.status == 0);
  CHECK(!has(c.out, "Bakery Lane"));  // "Opening hours" is not the one being previewed
  CHECK(has(c.out, "Let's find your perfect cupcake!"));
  CHECK(has(c.out, "saved: profile.quiz_keyword = \"QUIZ\"\n"));
  CHECK(has(c.out, "saved: profile.favorite_flavor = \"Red Velvet\"\n"));
  CHECK(!has(c.out, "conversation ended"));  // input ended first
}

TEST_CASE("chat: STOP ends the conversation", "[chat]") {
  Chat c = chat("cupcake\\nSTOP\\ncupcake\\n");
  INFO(c.out);
  REQUIRE(c.status == 0);
  CHECK(has(c.out, "(conversation ended: stopped)"));
  CHECK(has(c.out, "saved: profile.quiz_keyword = \"CUPCAKE\"\n"));
}

TEST_CASE("chat: a one-step automation, and WhatsApp", "[chat]") {
  Chat hours = chat("OPENING HOURS\\n", "--automation \"Opening hours\"");
  INFO(hours.out);
  CHECK(hours.status == 0);
  CHECK(has(hours.out, "Acme Cupcakes: Acme Cupcakes, 120 Bakery Lane, Brooklyn"));
  CHECK(has(hours.out, "(conversation ended: completed)"));
  CHECK(has(hours.out, "saved: nothing\n"));

  Chat wa = chat("cupcake\\n1\\n", "--automation \"Cupcake quiz\" --channel whatsapp");
  INFO(wa.out);
  CHECK(wa.status == 0);
  CHECK(has(wa.out, "on whatsapp"));
  CHECK(has(wa.out, "saved: profile.favorite_flavor = \"Vanilla\"\n"));
}

TEST_CASE("chat: bad command lines", "[chat]") {
  Chat unknown = chat("", "--automation \"Nope\"");
  CHECK(unknown.status == 2);
  CHECK(has(unknown.out, "no automation named \"Nope\""));
  CHECK(has(unknown.out, "\"Cupcake quiz\""));
  Chat channel = chat("", "--automation \"Opening hours\" --channel whatsapp");
  CHECK(channel.status == 2);
  CHECK(has(channel.out, "does not run on whatsapp"));
}

TEST_CASE("automation text matching", "[chat]") {
  using namespace flowc::engine;
  CHECK(compliance_keyword(" stop ") == ComplianceKeyword::Stop);
  CHECK(compliance_keyword("Arret") == ComplianceKeyword::Stop);
  CHECK(compliance_keyword("unstop") == ComplianceKeyword::Start);
  CHECK(compliance_keyword("aide\n") == ComplianceKeyword::Help);
  CHECK(compliance_keyword("please stop") == ComplianceKeyword::None);

  CHECK(keyword_exact("  sweet TOOTH ", "SWEET TOOTH"));
  CHECK_FALSE(keyword_exact("sweet tooth!", "SWEET TOOTH"));
  CHECK(keyword_within("Can I take the Quiz?", "QUIZ"));
  CHECK_FALSE(keyword_within("qui z", "QUIZ"));

  std::vector<std::string> choices = {"Vanilla", "Chocolate", "Red Velvet"};
  CHECK(match_choice(" 2 ", choices) == 1);
  CHECK(match_choice("4", choices) == -1);
  CHECK(match_choice("0", choices) == -1);
  CHECK(match_choice("red velvet please", choices) == 2);
  CHECK(match_choice("chocolate or vanilla", choices) == 0);  // first in declared order
  CHECK(match_choice("CHOCOLATE", choices) == 1);
  CHECK(match_choice("strawberry", choices) == -1);
  // A number wins over a choice whose text it also is.
  CHECK(match_choice("2", {"1", "2"}) == 1);
  CHECK(match_choice("1", {"Size 2", "Size 1"}) == 0);

  CHECK(question_with_choices("Flavor?", {"A", "B"}) == "Flavor?\n1. A\n2. B");
}
