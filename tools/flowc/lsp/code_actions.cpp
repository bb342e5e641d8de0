#include "lsp/code_actions.h"

#include <optional>
#include <regex>

#include "lsp/names.h"
#include "lsp/positions.h"

namespace flowc::lsp {

namespace {

// A suggestion as the language writes it: bare when it is an identifier
// or a dotted path of them (`profile.vip`), else quoted.
std::string written(const std::string& name) {
  bool dotted = !name.empty();
  size_t start = 0;
  for (size_t dot; dotted && (dot = name.find('.', start)) != std::string::npos; start = dot + 1)
    dotted = is_identifier(std::string_view(name).substr(start, dot - start));
  if (dotted && is_identifier(std::string_view(name).substr(start))) return name;
  return string_literal(name);
}

// The suggestion of a flowc diagnostic's message, if it has one.
std::optional<std::string> suggestion_in(const std::string& message) {
  static const std::regex hint("did you mean `([^`]+)`\\?");
  std::smatch m;
  if (!std::regex_search(message, m, hint)) return std::nullopt;
  return m[1].str();
}

// The edit that writes `suggestion` over the name in `range`, if the range
// holds one.
std::optional<nlohmann::json> fix_for(const std::string& text, nlohmann::json range, const std::string& suggestion) {
  const Position start = position_from_json(range["start"]), end = position_from_json(range["end"]);
  const size_t begin = byte_offset_of(text, start), stop = byte_offset_of(text, end);
  if (stop <= begin) return std::nullopt;
  const std::string_view held = std::string_view(text).substr(begin, stop - begin);
  const bool quoted = held.size() >= 2 && held.front() == '"' && held.back() == '"';
  if (is_identifier(held) || quoted) return nlohmann::json{{"range", range}, {"newText", written(suggestion)}};
  // `profile.vipp`: only the name after the last dot changes.
  const size_t dot = held.rfind('.');
  if (dot == std::string_view::npos || !is_identifier(held.substr(dot + 1)) || !is_identifier(suggestion))
    return std::nullopt;
  range["start"]["character"] = start.character + utf16_length(held.substr(0, dot + 1));
  return nlohmann::json{{"range", range}, {"newText", suggestion}};
}

}  // namespace

nlohmann::json code_actions(const std::string& uri, const std::string& text, const nlohmann::json& params) {
  nlohmann::json out = nlohmann::json::array();
  const nlohmann::json context = params.value("context", nlohmann::json::object());
  if (!context.is_object() || !context.contains("diagnostics") || !context["diagnostics"].is_array()) return out;
  for (const nlohmann::json& d : context["diagnostics"]) {
    if (!d.is_object() || d.value("source", "") != "flowc" || !d.contains("message") || !d["message"].is_string() ||
        !d.contains("range") || !d["range"].is_object())
      continue;
    const std::optional<std::string> suggestion = suggestion_in(d["message"].get<std::string>());
    if (!suggestion) continue;
    const std::optional<nlohmann::json> edit = fix_for(text, d["range"], *suggestion);
    if (!edit) continue;
    out.push_back({{"title", "Change to `" + *suggestion + "`"},
                   {"kind", "quickfix"},
                   {"isPreferred", true},
                   {"diagnostics", nlohmann::json::array({d})},
                   {"edit", {{"changes", {{uri, nlohmann::json::array({*edit})}}}}}});
  }
  return out;
}

}  // namespace flowc::lsp
