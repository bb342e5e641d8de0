// SMS keyword automations (LANGUAGE.md section 8): triggers and keywords,
// questions, recommendations and their coverage, item order.
#include <algorithm>
#include <fmt/format.h>

#include <functional>
#include <map>

#include "check/checker.h"
#include "diag/suggest.h"
#include "stdlib/keywords.h"

namespace flowc::check {

namespace {

constexpr size_t kMaxQuestionsAlwaysOn = 4;
constexpr size_t kMaxQuestionsReply = 3;
constexpr size_t kMaxCombinations = 100000;

bool keyword_char_ok(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U' ') return true;
  // Accented Latin letters (French keywords such as "ÉTÉ").
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

std::string lower_utf8(const std::string& s) {
  std::u32string cps = decode_utf8(s);
  for (char32_t& c : cps) {
    if (c >= U'A' && c <= U'Z') c += 32;
    else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 32;
  }
  return encode_utf8(cps);
}

// Evaluates a `recommend when` condition for one combination of answers.
// Only the forms the checker accepted reach here: ==, !=, in, and, or, not.
bool evaluate(const ast::Expr* e, const std::map<std::string, std::string>& answers) {
  if (!e) return false;
  auto value_of = [&](const ast::Expr* x) -> std::string {
    if (x->kind == ast::ExprKind::NameRef && x->path.size() == 1) {
      auto it = answers.find(x->path[0]);
      return it == answers.end() ? std::string() : lower_utf8(it->second);
    }
    if (x->kind == ast::ExprKind::StringLiteral) return lower_utf8(x->text);
    return {};
  };
  switch (e->kind) {
    case ast::ExprKind::BoolLiteral: return e->bool_value;
    case ast::ExprKind::Unary: return e->op == ast::Op::Not && !evaluate(e->args[0].get(), answers);
    case ast::ExprKind::Binary:
      switch (e->op) {
        case ast::Op::And: return evaluate(e->args[0].get(), answers) && evaluate(e->args[1].get(), answers);
        case ast::Op::Or: return evaluate(e->args[0].get(), answers) || evaluate(e->args[1].get(), answers);
        case ast::Op::Eq: return value_of(e->args[0].get()) == value_of(e->args[1].get());
        case ast::Op::Ne: return value_of(e->args[0].get()) != value_of(e->args[1].get());
        default: return false;
      }
    case ast::ExprKind::In: {
      std::string v = value_of(e->args[0].get());
      bool found = false;
      if (e->args[1]->kind == ast::ExprKind::ListLiteral)
        for (const auto& item : e->args[1]->args) found = found || value_of(item.get()) == v;
      return e->negated ? !found : found;
    }
    default: return false;
  }
}

}  // namespace

void Checker::check_automation(ast::Automation& a) {
  for (const Span& s : a.repeated)
    sink_.report(DiagnosticKind::AutomationStructure, s, "this automation item is written twice");

  // Channels: sms (default) and whatsapp, each enabled in the account.
  if (a.channels.empty() && !symbols.sms_enabled)
    sink_.report(DiagnosticKind::ChannelNotEnabled, a.name.span,
                 fmt::format("automation `{}` answers on sms, which the account has not enabled", a.name.text))
        .hint = "add `sender sms \"+1...\"` to the account";
  for (const ast::Name& ch : a.channels) {
    ast::Channel channel = ast::parse_channel(ch.text);
    if (channel != ast::Channel::Sms && channel != ast::Channel::Whatsapp) {
      sink_.report(DiagnosticKind::InvalidSetting, ch.span, fmt::format("automations cannot use channel `{}`", ch.text))
          .hint = "automations answer on `sms` and `whatsapp`";
    } else if (!symbols.channel_enabled(channel)) {
      sink_.report(DiagnosticKind::ChannelNotEnabled, ch.span,
                   fmt::format("the account has not enabled {}", ch.text))
          .hint = fmt::format("add `sender {} \"+1...\"` to the account", ch.text);
    }
  }

  if (a.keywords.empty() && a.reply_triggers.empty())
    sink_.report(DiagnosticKind::MissingAutomationTrigger, a.name.span,
                 fmt::format("automation `{}` has no trigger", a.name.text))
        .hint = "add `trigger keyword \"WORD\"` or `trigger reply to campaign NAME keyword \"WORD\"`";
  for (ast::ReplyTrigger& r : a.reply_triggers) {
    if (r.source_kind.text == "campaign") {
      if (!symbols.campaigns.count(r.source.text)) {
        std::vector<std::string> names;
        for (const auto& [n, c] : symbols.campaigns) names.push_back(n);
        sink_.report(DiagnosticKind::UnknownName, r.source.span, fmt::format("unknown campaign `{}`", r.source.text))
            .hint = did_you_mean(r.source.text, names);
      }
    } else if (r.source_kind.text == "flow") {
      if (!symbols.flows.count(r.source.text)) {
        std::vector<std::string> names;
        for (const auto& [n, f] : symbols.flows) names.push_back(n);
        sink_.report(DiagnosticKind::UnknownName, r.source.span, fmt::format("unknown flow `{}`", r.source.text))
            .hint = did_you_mean(r.source.text, names);
      }
    } else {
      sink_.report(DiagnosticKind::InvalidSetting, r.source_kind.span,
                   fmt::format("a reply trigger answers a `campaign` or a `flow`, not `{}`", r.source_kind.text));
    }
  }

  // Item order: questions, then recommendations or one reply.
  bool saw_recommend = false, saw_reply = false, saw_default = false;
  for (auto [kind, span] : a.order) {
    if (kind == ast::AutomationItem::Setting) continue;
    if (saw_reply) {
      sink_.report(DiagnosticKind::AutomationStructure, span, "nothing may follow a `reply`")
          .hint = "a `reply` ends the automation";
      continue;
    }
    if (kind == ast::AutomationItem::Ask && saw_recommend)
      sink_.report(DiagnosticKind::AutomationStructure, span, "questions must come before the recommendations");
    if (kind == ast::AutomationItem::Reply && saw_recommend)
      sink_.report(DiagnosticKind::AutomationStructure, span,
                   "an automation ends with recommendations or with one `reply`, not both");
    if (kind == ast::AutomationItem::Recommend) saw_recommend = true;
    if (kind == ast::AutomationItem::Reply) saw_reply = true;
  }
  for (const ast::Recommendation& r : a.recommendations) {
    if (!r.is_default()) continue;
    if (saw_default)
      sink_.report(DiagnosticKind::AutomationStructure, r.span, "an automation has at most one `recommend default`");
    saw_default = true;
  }
  if (saw_recommend && a.questions.empty())
    sink_.report(DiagnosticKind::AutomationStructure, a.recommendations.front().span,
                 "recommendations need questions to choose from")
        .hint = "for a one-step automation, use `reply \"...\"`";
  if (!a.questions.empty() && !saw_recommend && !saw_reply)
    sink_.report(DiagnosticKind::AutomationStructure, a.questions.back().span,
                 "after the last question the automation needs recommendations or a `reply`");
  if (a.questions.empty() && !saw_reply && !saw_recommend && (!a.keywords.empty() || !a.reply_triggers.empty()))
    sink_.report(DiagnosticKind::AutomationStructure, a.name.span,
                 fmt::format("automation `{}` never answers", a.name.text))
        .hint = "add `reply \"...\"`, or questions followed by recommendations";

  // Questions.
  size_t limit = a.reply_triggers.empty() ? kMaxQuestionsAlwaysOn : kMaxQuestionsReply;
  std::map<std::string, Span> question_names;
  for (size_t i = 0; i < a.questions.size(); ++i) {
    ast::Question& q = a.questions[i];
    if (i == limit)
      sink_.report(DiagnosticKind::TooManyQuestions, q.name.span,
                   fmt::format("automation `{}` asks more than {} questions", a.name.text, limit))
          .hint = a.reply_triggers.empty() ? "an always-on automation asks at most 4 questions"
                                           : "an automation with a reply trigger asks at most 3 questions";
    if (!question_names.emplace(q.name.text, q.name.span).second)
      sink_.report(DiagnosticKind::DuplicateName, q.name.span, fmt::format("question `{}` is asked twice", q.name.text));
    if (q.choices.size() < 2)
      sink_.report(DiagnosticKind::InvalidChoices, q.name.span,
                   fmt::format("question `{}` needs at least 2 choices", q.name.text));
    std::vector<std::string> seen;
    for (const ast::Text& choice : q.choices) {
      size_t length = decode_utf8(choice.value).size();
      if (length < 1 || length > 20)
        sink_.report(DiagnosticKind::InvalidChoices, choice.span,
                     fmt::format("a choice has 1 to 20 characters; this one has {}", length));
      std::string key = lower_utf8(choice.value);
      if (std::find(seen.begin(), seen.end(), key) != seen.end())
        sink_.report(DiagnosticKind::InvalidChoices, choice.span,
                     fmt::format("choice `{}` is listed twice", choice.value));
      seen.push_back(key);
    }
    if (q.save_to) check_assignable_property(*q.save_to, Type::of(TypeKind::String), q.save_to->span);
  }
  if (a.save_keyword_to) check_assignable_property(*a.save_keyword_to, Type::of(TypeKind::String), a.save_keyword_to->span);

  // Texts sent to the subscriber: profile data only.
  Scope text_scope;
  text_scope.place = Place::Template;
  text_scope.no_event_reason = fmt::format("automation `{}` answers text messages, which are not events", a.name.text);
  for (ast::Question& q : a.questions) check_text(q.text, text_scope);
  for (ast::Recommendation& r : a.recommendations) check_text(r.text, text_scope);
  for (auto* t : {&a.reprompt, &a.fallback, &a.reply})
    if (*t) check_text(**t, text_scope);
  if (a.timeout_minutes && *a.timeout_minutes <= 0)
    sink_.report(DiagnosticKind::NonPositiveWindow, a.timeout_span, "the session timeout must be positive");
  if (a.max_reprompts && *a.max_reprompts < 0)
    sink_.report(DiagnosticKind::InvalidSetting, a.max_reprompts_span, "`max_reprompts` cannot be negative");

  // Recommendations: conditions on the questions and their choices.
  Scope rec_scope;
  rec_scope.place = Place::Recommend;
  rec_scope.automation = &a;
  std::function<void(ast::Expr*)> check_choices = [&](ast::Expr* e) {
    if (!e) return;
    if (e->kind == ast::ExprKind::Binary && (e->op == ast::Op::Eq || e->op == ast::Op::Ne)) {
      for (int side = 0; side < 2; ++side) {
        ast::Expr* q = e->args[side].get();
        ast::Expr* v = e->args[1 - side].get();
        if (q->kind != ast::ExprKind::NameRef || v->kind != ast::ExprKind::StringLiteral) continue;
        for (const ast::Question& question : a.questions) {
          if (q->path.size() != 1 || question.name.text != q->path[0]) continue;
          bool found = false;
          std::vector<std::string> names;
          for (const ast::Text& c : question.choices) {
            found = found || lower_utf8(c.value) == lower_utf8(v->text);
            names.push_back(c.value);
          }
          if (!found) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "\"" : "\", \"") + n;
            sink_.report(DiagnosticKind::InvalidRecommendation, v->span,
                         fmt::format("question `{}` has no choice \"{}\"", question.name.text, v->text))
                .hint = fmt::format("its choices are {}\"", list);
          }
        }
      }
    } else if (e->kind == ast::ExprKind::In && e->args[1]->kind == ast::ExprKind::ListLiteral) {
      for (auto& item : e->args[1]->args) {
        auto probe = std::make_unique<ast::Expr>();
        probe->kind = ast::ExprKind::Binary;
        probe->op = ast::Op::Eq;
        ast::Expr* name = e->args[0].get();
        auto name_copy = std::make_unique<ast::Expr>();
        name_copy->kind = name->kind;
        name_copy->path = name->path;
        name_copy->span = name->span;
        probe->args.push_back(std::move(name_copy));
        auto value_copy = std::make_unique<ast::Expr>();
        value_copy->kind = item->kind;
        value_copy->text = item->text;
        value_copy->span = item->span;
        probe->args.push_back(std::move(value_copy));
        check_choices(probe.get());
      }
    } else if (e->kind == ast::ExprKind::Binary || e->kind == ast::ExprKind::Unary) {
      if (e->kind == ast::ExprKind::Binary && e->op != ast::Op::And && e->op != ast::Op::Or) {
        sink_.report(DiagnosticKind::InvalidRecommendation, e->span,
                     "a recommendation compares answers with `==`, `!=` or `in`");
        return;
      }
      for (auto& arg : e->args) check_choices(arg.get());
    }
  };
  bool conditions_ok = true;
  for (ast::Recommendation& r : a.recommendations) {
    if (r.is_default()) continue;
    size_t before = sink_.error_count();
    expect_bool(r.when.get(), rec_scope, "a `recommend when` condition");
    check_choices(r.when.get());
    if (sink_.error_count() != before) conditions_ok = false;
  }

  // Coverage: without a default, every combination of answers needs a match.
  if (!saw_default && saw_recommend && conditions_ok && !a.questions.empty()) {
    size_t combinations = 1;
    for (const ast::Question& q : a.questions) {
      if (q.choices.empty()) return;
      combinations *= q.choices.size();
      if (combinations > kMaxCombinations) return;
    }
    std::map<std::string, std::string> answers;
    std::vector<size_t> index(a.questions.size(), 0);
    for (size_t n = 0; n < combinations; ++n) {
      size_t k = n;
      for (size_t i = a.questions.size(); i-- > 0;) {
        index[i] = k % a.questions[i].choices.size();
        k /= a.questions[i].choices.size();
        answers[a.questions[i].name.text] = a.questions[i].choices[index[i]].value;
      }
      bool covered = false;
      for (const ast::Recommendation& r : a.recommendations)
        covered = covered || (!r.is_default() && evaluate(r.when.get(), answers));
      if (covered) continue;
      std::string combo;
      for (const ast::Question& q : a.questions)
        combo += (combo.empty() ? "" : ", ") + q.name.text + " = \"" + answers[q.name.text] + "\"";
      sink_.report(DiagnosticKind::UncoveredCombination, a.name.span,
                   fmt::format("no recommendation covers the answers {}", combo))
          .hint = "add `recommend default \"NAME\" \"TEXT\"` or a recommendation for this combination";
      break;
    }
  }
}

// Keywords: valid characters and length, not compliance words, unique across
// all automations (case-insensitive).
void Checker::check_keywords() {
  std::map<std::string, std::pair<std::string, Span>> used;  // lowercased -> automation, place
  for (ast::File& file : program_.files) {
    for (ast::Automation& a : file.automations) {
      if (is_broken(a.span)) continue;
      std::vector<const ast::Text*> keywords;
      for (const ast::Text& k : a.keywords) keywords.push_back(&k);
      for (const ast::ReplyTrigger& r : a.reply_triggers)
        for (const ast::Text& k : r.keywords) keywords.push_back(&k);
      for (const ast::Text* k : keywords) {
        std::u32string cps = decode_utf8(k->value);
        bool chars_ok = true;
        for (char32_t c : cps) chars_ok = chars_ok && keyword_char_ok(c);
        if (cps.size() < 3 || cps.size() > 20 || !chars_ok) {
          sink_.report(DiagnosticKind::InvalidKeyword, k->span,
                       fmt::format("keyword \"{}\" must have 3 to 20 letters, digits and spaces", k->value))
              .hint = chars_ok ? fmt::format("it has {} characters", cps.size())
                               : "remove special characters such as +, - and punctuation";
          continue;
        }
        if (stdlib::is_compliance_keyword(k->value)) {
          sink_.report(DiagnosticKind::ComplianceKeyword, k->span,
                       fmt::format("\"{}\" is a compliance or subscription keyword", k->value))
              .hint = "STOP, START, HELP and their variants are handled by the platform for every subscriber";
          continue;
        }
        std::string key = lower_utf8(stdlib::trim(k->value));
        auto [it, inserted] = used.emplace(key, std::make_pair(a.name.text, k->span));
        if (!inserted) {
          sink_.report(DiagnosticKind::DuplicateKeyword, k->span,
                       fmt::format("keyword \"{}\" is already used by automation `{}`", k->value, it->second.first));
          sink_.note(it->second.second, "first used here");
          sink_.hint("keywords are compared without regard to case and must be unique across automations");
        }
      }
    }
  }
}

}  // namespace flowc::check
