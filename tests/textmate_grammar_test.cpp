// The VS Code extension's TextMate grammar (editors/vscode/syntaxes/
// flow.tmLanguage.json) scopes what a reader of a .flow file tells apart:
// `on`/`off` as a setting's value (`push on` declares nothing), UTM keys,
// parentheses. The grammar is applied here by a small tokenizer with
// TextMate's rules for one line (the earliest match wins, then the first
// pattern; a begin/end rule's end before its own patterns); its patterns
// use only what ECMAScript regular expressions and Oniguruma read alike
// (\b, lookahead, classes), so std::regex runs them as VS Code does.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

struct Scoped {
  std::string text, scope;
};

class LineTokenizer {
 public:
  explicit LineTokenizer(const std::string& path) {
    std::ifstream in(path);
    grammar_ = json::parse(in);
  }

  // Every named piece of `line`, in order.
  std::vector<Scoped> tokenize(const std::string& line) {
    std::vector<Scoped> out;
    scan(line, 0, line.size(), grammar_["patterns"], nullptr, out);
    return out;
  }

  // The scope of the `nth` piece (from 0) whose text is `text`.
  static std::string scope_of(const std::vector<Scoped>& pieces, const std::string& text, int nth = 0) {
    for (const Scoped& p : pieces)
      if (p.text == text && nth-- == 0) return p.scope;
    return "(none)";
  }

 private:
  // The rules a pattern list stands for, includes expanded.
  void expand(const json& patterns, std::vector<const json*>& rules) {
    for (const json& p : patterns) {
      if (p.contains("include")) {
        const std::string name = p["include"].get<std::string>().substr(1);
        const json& target = grammar_["repository"][name];
        if (target.contains("patterns") && !target.contains("begin") && !target.contains("match"))
          expand(target["patterns"], rules);
        else
          rules.push_back(&target);
      } else {
        rules.push_back(&p);
      }
    }
  }

  static bool search(const std::string& line, size_t from, const std::string& pattern, std::smatch& m) {
    const auto flags = from > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
    return std::regex_search(line.begin() + static_cast<std::ptrdiff_t>(from), line.end(), m, std::regex(pattern), flags);
  }

  // The pieces a match names: the whole match with a match rule's `name`,
  // and each group of its `captures` (`beginCaptures`, `endCaptures`).
  static void name_captures(const std::smatch& m, const json& rule, const char* key, std::vector<Scoped>& out) {
    if (rule.contains("name") && std::string(key) == "captures")
      out.push_back({m.str(0), rule["name"].get<std::string>()});
    if (!rule.contains(key)) return;
    for (auto& [group, capture] : rule[key].items()) {
      const size_t g = std::stoul(group);
      if (g < m.size() && m[g].matched) out.push_back({m.str(g), capture["name"].get<std::string>()});
    }
  }

  // Scans line[pos, end) with `patterns`; `end_rule`: the begin/end rule
  // whose end closes this scan. Returns where the scan stopped.
  size_t scan(const std::string& line, size_t pos, size_t end, const json& patterns, const json* end_rule,
              std::vector<Scoped>& out) {
    std::vector<const json*> rules;
    expand(patterns, rules);
    while (pos < end) {
      std::smatch best;
      const json* winner = nullptr;
      bool closes = false;
      if (end_rule) {
        std::smatch m;
        if (search(line, pos, (*end_rule)["end"], m)) {
          best = m;
          closes = true;
        }
      }
      for (const json* rule : rules) {
        std::smatch m;
        const std::string pattern = rule->contains("match") ? (*rule)["match"] : (*rule)["begin"];
        if (search(line, pos, pattern, m) && (!closes && !winner ? true : m.position(0) < best.position(0))) {
          best = m;
          winner = rule;
          closes = false;
        }
      }
      if (closes) {
        name_captures(best, *end_rule, "endCaptures", out);
        return pos + best.position(0) + best.length(0);
      }
      if (!winner) return end;
      const size_t after = pos + best.position(0) + std::max<size_t>(best.length(0), 1);
      if (winner->contains("match")) {
        name_captures(best, *winner, "captures", out);
        pos = after;
      } else {
        name_captures(best, *winner, "beginCaptures", out);
        pos = scan(line, after, end, (*winner)["patterns"], winner, out);
      }
    }
    return pos;
  }

  json grammar_;
};

const std::string kGrammar = std::string(FLOWC_SOURCE_DIR) + "/editors/vscode/syntaxes/flow.tmLanguage.json";

}  // namespace

TEST_CASE("TextMate grammar: on and off are a setting's value, split's `on` a keyword", "[lsp]") {
  LineTokenizer grammar(kGrammar);
  auto push = grammar.tokenize("  push on");
  CHECK(LineTokenizer::scope_of(push, "push") == "keyword.other.setting.flow");
  CHECK(LineTokenizer::scope_of(push, "on") == "constant.language.switch.flow");  // not a declared name
  auto send = grammar.tokenize("    send email welcome_2 { status manual  smart_sending off  utm off }");
  CHECK(LineTokenizer::scope_of(send, "off") == "constant.language.switch.flow");
  CHECK(LineTokenizer::scope_of(send, "off", 1) == "constant.language.switch.flow");
  auto opt_in = grammar.tokenize("  double_opt_in email on");
  CHECK(LineTokenizer::scope_of(opt_in, "on") == "constant.language.switch.flow");
  auto split = grammar.tokenize("    split on profile.vip {");
  CHECK(LineTokenizer::scope_of(split, "on") == "keyword.control.flow");
  // A declaration still names what it declares.
  CHECK(LineTokenizer::scope_of(grammar.tokenize("list Newsletter"), "Newsletter") == "entity.name.type.flow");
  CHECK(LineTokenizer::scope_of(grammar.tokenize("push cart_push {"), "cart_push") == "entity.name.type.flow");
}

TEST_CASE("TextMate grammar: UTM keys and parentheses are scoped", "[lsp]") {
  LineTokenizer grammar(kGrammar);
  auto utm = grammar.tokenize("  utm on { source \"flowc\" medium \"{channel}\" campaign \"{name}\" content \"x\" }");
  CHECK(LineTokenizer::scope_of(utm, "on") == "constant.language.switch.flow");
  for (const char* key : {"source", "medium", "campaign", "content"})
    CHECK(LineTokenizer::scope_of(utm, key) == "support.type.property-name.utm.flow");
  // `campaign` outside the block still declares a campaign.
  CHECK(LineTokenizer::scope_of(grammar.tokenize("campaign BlackFriday {"), "campaign") ==
        "storage.type.declaration.flow");
  auto call = grammar.tokenize("  segment Big = count(\"Placed Order\", within 30d) >= 2");
  CHECK(LineTokenizer::scope_of(call, "(") == "punctuation.section.parens.flow");
  CHECK(LineTokenizer::scope_of(call, ")") == "punctuation.section.parens.flow");
  CHECK(LineTokenizer::scope_of(grammar.tokenize("x in [\"a\"]"), "[") == "punctuation.section.brackets.flow");
}
