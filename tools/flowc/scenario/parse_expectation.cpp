// The `expect` forms. A line reads as a sentence about one profile:
//
//   expect p1 receives email welcome_1 at 2026-11-02T10:00:00Z
//   expect p1 gets sms cart_sms skipped because no_consent
//   expect p1 exits "Abandoned Cart" with profile_filter
//   expect p1 does not enter "Welcome Series"
//   expect report flows."Welcome Series".entered == 1
//
// `does not` takes the verb's plain form (receive, get, enter, exit, join,
// leave, have, end). Qualifiers (`at`, `from`, `containing`, `because`,
// `with`, `until`) come after the object in any order; each form accepts
// only the ones that mean something for its record type.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <set>

#include "scenario/parse_expectation.h"

namespace flowc::cli::scenario {

namespace {

const std::set<std::string> kChannels = {"email", "sms", "push", "whatsapp"};

std::string need_channel(LineCursor& cursor) {
  unsigned col = cursor.col();
  std::string channel = cursor.need_word("a channel: email, sms, push or whatsapp");
  if (!kChannels.count(channel))
    throw SyntaxError(col, fmt::format("`{}` is not a channel: email, sms, push or whatsapp", channel));
  return channel;
}

// A value in `has NAME set to VALUE`: a "string", a number, true, false or null.
nlohmann::json need_value(LineCursor& cursor) {
  unsigned col = cursor.col();
  if (std::optional<std::string> text = cursor.quoted()) return *text;
  std::optional<std::string> word = cursor.word();
  nlohmann::json value = word ? nlohmann::json::parse(*word, nullptr, false) : nlohmann::json(nlohmann::json::value_t::discarded);
  if (value.is_discarded() || value.is_structured())
    throw SyntaxError(col, "expected a value: a \"string\", a number, true, false or null");
  return value;
}

// The qualifiers after the object, in any order; `allowed` lists those the form takes.
void qualifiers(LineCursor& cursor, Expectation& e, const std::set<std::string>& allowed) {
  while (!cursor.at_end()) {
    unsigned col = cursor.col();
    std::string word = cursor.need_word("a qualifier");
    if (!allowed.count(word)) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "`" : ", `") + a + "`";
      throw SyntaxError(col, allowed.empty() ? fmt::format("unexpected `{}`: this expectation takes no qualifier", word)
                                             : fmt::format("unexpected `{}`: this expectation takes {}", word, list));
    }
    if (word == "at") e.time = parse_time(cursor);
    else if (word == "until") e.until = parse_time(cursor);
    else if (word == "from") e.from = cursor.need_name("a flow, campaign or automation name");
    else if (word == "containing") e.containing = cursor.need_name("the text, as a \"quoted string\"");
    else e.reason = cursor.need_word("a reason such as no_consent");  // because, with
  }
}

// receives C M | receives nothing [on C] | receives N messages [on C]; `receive` after `does not`.
void receives(LineCursor& cursor, Expectation& e) {
  e.kind = ExpectKind::Send;
  if (!e.negated && cursor.keyword("nothing")) {
    e.negated = true;
    if (cursor.keyword("on")) e.channel = need_channel(cursor);
    return qualifiers(cursor, e, {"from"});
  }
  unsigned col = cursor.col();
  std::string first = cursor.need_word("a channel, `nothing` or a number of messages");
  if (!e.negated && !first.empty() && std::isdigit(static_cast<unsigned char>(first[0]))) {
    e.kind = ExpectKind::SendCount;
    auto [end, error] = std::from_chars(first.data(), first.data() + first.size(), e.count);
    if (error != std::errc() || end != first.data() + first.size() || e.count < 0)
      throw SyntaxError(col, fmt::format("`{}` is not a number of messages", first));
    if (!cursor.keyword("messages") && !cursor.keyword("message"))
      throw SyntaxError(cursor.col(), "expected `messages`, as in `receives 2 messages on email`");
    if (cursor.keyword("on")) e.channel = need_channel(cursor);
    return qualifiers(cursor, e, {"from"});
  }
  if (!kChannels.count(first))
    throw SyntaxError(col, fmt::format("`{}` is not a channel: email, sms, push or whatsapp", first));
  e.channel = first;
  // `does not receive sms [from X]` forbids every message on the channel.
  bool any_message = e.negated && (cursor.at_end() || cursor.peek("from") || cursor.peek("at") ||
                                   cursor.peek("containing"));
  if (!any_message) e.step = cursor.need_name("the message's name (its step name when it has `as`)");
  qualifiers(cursor, e, {"at", "from", "containing"});
}

// gets C M skipped [because R] | deferred [until T] | queued for review
void gets(LineCursor& cursor, Expectation& e) {
  e.channel = need_channel(cursor);
  e.step = cursor.need_name("the message's name (its step name when it has `as`)");
  unsigned col = cursor.col();
  if (cursor.keyword("skipped")) {
    e.kind = ExpectKind::Skip;
    return qualifiers(cursor, e, {"because", "at", "from"});
  }
  if (cursor.keyword("deferred")) {
    e.kind = ExpectKind::Defer;
    return qualifiers(cursor, e, {"until", "at", "from"});
  }
  if (cursor.keyword("queued")) {
    cursor.need_keyword("for");
    cursor.need_keyword("review");
    e.kind = ExpectKind::Review;
    return qualifiers(cursor, e, {"at", "from"});
  }
  throw SyntaxError(col, "expected `skipped`, `deferred` or `queued for review`");
}

// report PATH OP VALUE, e.g. flows."Welcome Series".steps.welcome_1.sent >= 1
void report(LineCursor& cursor, Expectation& e) {
  e.kind = ExpectKind::Report;
  unsigned base = cursor.col();
  std::string text = cursor.rest();
  size_t i = 0;
  auto fail = [&](const std::string& message) { throw SyntaxError(base + static_cast<unsigned>(i), message); };
  for (;;) {
    std::string segment;
    if (i < text.size() && text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string::npos) fail("the string is not closed (a `\"` is missing)");
      segment = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t start = i;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '-' ||
                                 text[i] == '@'))
        ++i;
      if (i == start) fail("expected a report key, such as flows.\"Welcome Series\".entered");
      segment = text.substr(start, i - start);
    }
    e.path.push_back(segment);
    if (i < text.size() && text[i] == '.') ++i;
    else break;
  }
  while (i < text.size() && text[i] == ' ') ++i;
  for (const char* op : {"==", "!=", ">=", "<=", ">", "<"}) {
    if (text.compare(i, std::string(op).size(), op) == 0) {
      e.op = op;
      break;
    }
  }
  if (text.compare(i, e.op.size(), e.op) != 0) fail("expected a comparison: ==, !=, <, <=, > or >=");
  i += e.op.size();
  while (i < text.size() && text[i] == ' ') ++i;
  e.value = nlohmann::json::parse(text.substr(i), nullptr, false);
  if (e.value.is_discarded()) fail("expected a JSON value to compare with, such as 1 or \"sent\"");
  if (e.op != "==" && e.op != "!=" && !e.value.is_number()) fail(fmt::format("`{}` compares numbers", e.op));
}

// alert to ADDR [for P] [containing TEXT] [at T]
void alert(LineCursor& cursor, Expectation& e) {
  e.kind = ExpectKind::Alert;
  cursor.need_keyword("to");
  e.name = cursor.need_name("the alert's address");
  if (cursor.keyword("for")) e.profile = cursor.need_name("a profile id");
  qualifiers(cursor, e, {"containing", "at"});
}

// What follows `P` (and `does not`): the verb, its object and qualifiers.
void about_profile(LineCursor& cursor, Expectation& e) {
  bool no = e.negated;
  unsigned col = cursor.col();
  std::string verb = cursor.need_word("a verb: receives, gets, enters, exits, joins, leaves, has or ends");
  if (verb == (no ? "receive" : "receives")) return receives(cursor, e);
  if (verb == (no ? "get" : "gets")) return gets(cursor, e);
  if (verb == (no ? "enter" : "enters") || verb == (no ? "exit" : "exits")) {
    e.kind = verb[1] == 'n' ? ExpectKind::Enter : ExpectKind::Exit;
    e.name = cursor.need_name("the flow's name");
    return qualifiers(cursor, e, e.kind == ExpectKind::Exit ? std::set<std::string>{"with", "at"}
                                                            : std::set<std::string>{"at"});
  }
  if (verb == (no ? "join" : "joins") || verb == (no ? "leave" : "leaves")) {
    e.kind = ExpectKind::ListChange;
    e.action = verb[0] == 'j' ? "add" : "remove";
    cursor.need_keyword("list");
    e.name = cursor.need_name("the list's name");
    return qualifiers(cursor, e, {"at", "from"});
  }
  if (verb == (no ? "have" : "has")) {
    e.kind = ExpectKind::Property;
    e.path = {cursor.need_name("a profile property")};
    cursor.need_keyword("set");
    cursor.need_keyword("to");
    e.value = need_value(cursor);
    return qualifiers(cursor, e, {"at", "from"});
  }
  if (verb == (no ? "end" : "ends")) {
    e.kind = ExpectKind::SessionEnd;
    cursor.need_keyword("session");
    e.name = cursor.need_name("the automation's name");
    return qualifiers(cursor, e, {"with", "at"});
  }
  throw SyntaxError(col, no ? fmt::format("`does not {}`: expected receive, get, enter, exit, join, leave, have or end",
                                          verb)
                            : fmt::format("`{}`: expected receives, gets, enters, exits, joins, leaves, has or ends",
                                          verb));
}

}  // namespace

Expectation parse_expectation(LineCursor& cursor, Place at) {
  Expectation e;
  e.at = at;
  if (cursor.keyword("report")) {
    report(cursor, e);
  } else if (cursor.keyword("no")) {
    e.negated = true;
    cursor.need_keyword("alert");
    alert(cursor, e);
  } else if (cursor.keyword("alert")) {
    alert(cursor, e);
  } else {
    e.profile = cursor.need_name("a profile id, `report` or `alert`");
    if (cursor.keyword("does")) {
      cursor.need_keyword("not");
      e.negated = true;
    }
    about_profile(cursor, e);
  }
  return e;
}

}  // namespace flowc::cli::scenario
