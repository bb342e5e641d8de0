#include "lsp/completion.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "lsp/builtins.h"
#include "lsp/describe.h"
#include "lsp/names.h"
#include "query/position.h"

namespace flowc::lsp {

namespace {

// LSP CompletionItemKind values.
enum ItemKind { kFunction = 3, kField = 5, kVariable = 6, kClass = 7, kModule = 9, kProperty = 10, kKeyword = 14,
                kEnum = 13, kEvent = 23, kConstant = 21 };

// Every keyword of grammar/Flow.g4.
const char* const kKeywords[] = {
    "account", "add", "after", "always", "and", "as", "ask", "at", "attribution", "audience", "automation", "by",
    "campaign", "channels", "choices", "conversion", "count", "date", "default", "description", "double_opt_in",
    "else", "email", "event", "exclude", "exclude_bot_clicks", "exclude_privacy_opens", "exit", "fallback", "false",
    "file", "filter", "flow", "flow_start", "from", "if", "if_passed", "import", "in", "is", "keyword", "last", "list",
    "max_reprompts", "metric", "not", "notify", "off", "offset", "on", "once", "or", "path", "price_drop",
    "profile", "push", "quiet_hours", "recommend", "reentry", "remove", "reply", "reprompt", "save", "segment",
    "send", "sender", "set", "since", "smart_sending", "sms", "sms_help", "split", "status", "sum", "tags",
    "timeout", "timezone", "to", "trigger", "true", "unset", "until", "utm", "wait", "whatsapp", "when", "where",
    "within", "yearly", "live", "draft", "manual", "subscribed", "unsubscribed", "never_subscribed"};

class Items {
 public:
  // `quoted`: the cursor is inside a string, so names go in without quotes.
  // `replaced`: the range of what the cursor is in the middle of (the word
  // before it, or the string's text), which each item's textEdit replaces.
  explicit Items(bool quoted = false, nlohmann::json replaced = nullptr)
      : quoted_(quoted), replaced_(std::move(replaced)) {}

  void add(const std::string& label, int kind, const std::string& detail = {}, const std::string& doc = {}) {
    if (!seen_.insert(label).second) return;
    nlohmann::json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    if (!doc.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    if (!replaced_.is_null()) item["textEdit"] = {{"range", replaced_}, {"newText", label}};
    items_.push_back(std::move(item));
  }

  // A declared name: quoted when it is not an identifier.
  void add_name(const std::string& name, int kind, const std::string& detail, const std::string& doc = {}) {
    if (seen_.count(name)) return;
    add(name, kind, detail, doc);
    if (!quoted_ && !is_identifier(name)) {
      items_.back()["insertText"] = string_literal(name);
      if (items_.back().contains("textEdit")) items_.back()["textEdit"]["newText"] = string_literal(name);
    }
  }

  nlohmann::json list() const { return {{"isIncomplete", false}, {"items", items_}}; }

 private:
  bool quoted_;
  nlohmann::json replaced_;
  std::set<std::string> seen_;
  nlohmann::json items_ = nlohmann::json::array();
};

void profile_properties(const check::Symbols& symbols, const std::string& typed, Items& items) {
  // `typed` is what follows `profile.`; complete its last dotted segment.
  std::string base = typed.substr(0, typed.rfind('.') == std::string::npos ? 0 : typed.rfind('.') + 1);
  for (const auto& [name, p] : symbols.profile) {
    if (name.compare(0, base.size(), base) != 0) continue;
    std::string rest = name.substr(base.size());
    size_t dot = rest.find('.');
    if (dot != std::string::npos) items.add(rest.substr(0, dot), kModule, "group of built-in fields");
    else items.add(rest, kProperty, p.type.to_string() + (p.builtin ? " (built-in)" : p.implicit ? " (implicit)" : ""));
  }
}

void metric_properties(const check::MetricInfo* m, Items& items) {
  if (!m) return;
  for (const auto& [name, p] : m->properties) items.add(name, kProperty, p.type.to_string() + " · " + m->name);
}

// The trigger metric of the flow being typed, read from the text: while a
// statement is half written the flow may not parse. Price drops add their
// own fields to the watched metric's.
void text_trigger_properties(const Analysis& a, const std::string& prefix, Items& items) {
  static const std::regex flow_line(R"(^\s*flow\b.*)");
  static const std::regex trigger(R"re(\btrigger\s+(metric|price_drop\b.*?\bon)\s+(?:"([^"]*)"|([A-Za-z_]\w*)))re");
  // Line by line, backwards to the flow's header (std::regex on the whole
  // document would recurse once per character).
  std::smatch m;
  std::string line;
  for (size_t end = prefix.size();;) {
    size_t start = prefix.rfind('\n', end == 0 ? 0 : end - 1);
    start = start == std::string::npos || end == 0 ? 0 : start + 1;
    line = prefix.substr(start, end - start);
    if (std::regex_search(line, m, trigger)) {
      metric_properties(a.symbols().metric(m[2].matched ? m[2].str() : m[3].str()), items);
      if (m[1].str() != "metric")
        for (const char* extra : {"old_price", "new_price", "percent"}) items.add(extra, kProperty, "number · price drop");
      return;
    }
    if (start == 0 || std::regex_match(line, flow_line)) return;
    end = start - 1;
  }
}

// The metric(s) `event.` refers to at the cursor.
void event_properties(const Analysis& a, const std::string& prefix, uint32_t offset, Items& items) {
  static const std::regex aggregate(R"re((count|sum|last)\(\s*(?:"([^"]*)"|([A-Za-z_]\w*))[^()]*\bwhere\b[^()]*$)re");
  std::smatch m;
  std::string line = prefix.substr(prefix.rfind('\n') == std::string::npos ? 0 : prefix.rfind('\n') + 1);
  if (std::regex_search(line, m, aggregate)) {
    metric_properties(a.symbols().metric(m[2].matched ? m[2].str() : m[3].str()), items);
    return;
  }
  query::Place place = query::place_at(*a.file(), offset);
  if (place.owner.message) {
    auto sites = a.symbols().send_sites.find(place.owner.message);
    if (sites != a.symbols().send_sites.end())
      for (const check::SendSite& s : sites->second) metric_properties(s.event, items);
    return;
  }
  text_trigger_properties(a, prefix, items);
}

// "declared at `file:line`" for a declaration's span.
std::string declared_at(const Analysis& a, Span span) {
  if (!span.valid() || span.file >= a.sources().size()) return {};
  const SourceFile& f = a.sources().file(span.file);
  return fmt::format("declared at `{}:{}`", f.path(), f.line_col(span.begin).line);
}

void messages(const Analysis& a, const std::string& channel, Items& items) {
  for (const auto& [name, m] : a.symbols().messages)
    if (channel.empty() || channel == ast::channel_name(m->channel))
      items.add_name(name, kConstant, std::string(ast::channel_name(m->channel)) + " message",
                     message_preview(*m) + "\n\n" + declared_at(a, m->span));
}

void lists(const Analysis& a, Items& items) {
  for (const auto& [name, l] : a.symbols().lists) items.add_name(name, kEnum, "list", declared_at(a, l->span));
}

void segments(const Analysis& a, Items& items) {
  for (const auto& [name, g] : a.symbols().segments)
    items.add_name(name, kClass, "segment", "`" + a.text_of(g->span) + "`\n\n" + declared_at(a, g->span));
}

void metrics(const Analysis& a, Items& items) {
  for (const auto& [name, m] : a.symbols().metrics) {
    std::string doc;
    for (const auto& [property, p] : m.properties) doc += "- `" + property + "`: " + p.type.to_string() + "\n";
    if (m.decl) doc += "\n" + declared_at(a, m.decl->span);
    items.add_name(name, kEvent, m.decl ? "metric" : "built-in metric", doc);
  }
}

void everything(const Analysis& a, Items& items) {
  for (const char* k : kKeywords) items.add(k, kKeyword);
  for (const BuiltinFunction& f : builtin_functions())
    if (!f.aggregate) items.add(f.name, kFunction, f.signature, f.doc);
  lists(a, items);
  segments(a, items);
  messages(a, "", items);
  metrics(a, items);
}

// The range the completion replaces: the name being typed before the
// cursor (inside a string, its text from the opening quote).
nlohmann::json replaced_range(const std::string& before, bool quoted, Position cursor) {
  size_t start = before.size();
  if (quoted) start = before.rfind('"') + 1;
  else
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(before[start - 1])) || before[start - 1] == '_')) --start;
  const uint32_t units = utf16_length(std::string_view(before).substr(start));
  Position from{cursor.line, cursor.character >= units ? cursor.character - units : 0};
  return {{"start", to_json(from)}, {"end", to_json(cursor)}};
}

}  // namespace

nlohmann::json completion(const Analysis& a, const std::string& text, Position position) {
  size_t end = byte_offset_of(text, position);
  size_t line_start = text.rfind('\n', end == 0 ? 0 : end - 1);
  line_start = line_start == std::string::npos || end == 0 ? 0 : line_start + 1;
  std::string before = text.substr(line_start, end - line_start);
  // Inside a string when an odd number of quotes precede the cursor.
  bool quoted = std::count(before.begin(), before.end(), '"') % 2 == 1;
  Items items(quoted, replaced_range(before, quoted, position));
  if (!a.file()) return items.list();
  const check::Symbols& s = a.symbols();
  static const std::regex profile_dot(R"(\bprofile\.([A-Za-z0-9_.]*)$)");
  static const std::regex event_dot(R"(\bevent\.(\w*)$)");
  static const std::regex send(R"(\bsend\s+(email|sms|push|whatsapp)\s+"?[^"]*$)");
  static const std::regex after_word(R"re((\w+)\s*\(?\s*(?:"[^"]*|\w*)$)re");
  std::smatch m;
  if (std::regex_search(before, m, profile_dot)) profile_properties(s, m[1].str(), items);
  else if (std::regex_search(before, m, event_dot)) event_properties(a, text.substr(0, end), a.offset_of(position), items);
  else if (std::regex_search(before, m, send)) messages(a, m[1].str(), items);
  else if (std::regex_search(before, m, after_word) && (m[1] == "list" || m[1] == "segment" || m[1] == "metric" ||
                                                        m[1] == "count" || m[1] == "sum" || m[1] == "last" ||
                                                        m[1] == "audience" || m[1] == "exclude")) {
    std::string w = m[1].str();
    if (w == "list" || w == "audience" || w == "exclude") lists(a, items);
    if (w == "segment" || w == "audience" || w == "exclude") segments(a, items);
    if (w == "metric" || w == "count" || w == "sum" || w == "last") metrics(a, items);
  } else {
    everything(a, items);
  }
  return items.list();
}

}  // namespace flowc::lsp
