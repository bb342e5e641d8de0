#include "lsp/builtins.h"

namespace flowc::lsp {

// Types and arities as the checker has them (check/handle_expr.cpp); words
// as docs/language.md has them.
const std::vector<BuiltinFunction>& builtin_functions() {
  static const std::vector<BuiltinFunction> functions = {
      {"lower", "lower(text: string) -> string", "The text in lower case.", false},
      {"upper", "upper(text: string) -> string", "The text in upper case.", false},
      {"len", "len(value: string | list) -> int", "The number of characters of a text, or of items of a list.", false},
      {"contains", "contains(text: string | list, part) -> bool",
       "Whether `part` occurs in `text`, or is an item of the list.", false},
      {"starts_with", "starts_with(text: string, prefix: string) -> bool", "Whether `text` starts with `prefix`.",
       false},
      {"ends_with", "ends_with(text: string, suffix: string) -> bool", "Whether `text` ends with `suffix`.", false},
      {"days_since", "days_since(time: date | datetime) -> int",
       "Whole days from `time` to now (the engine's clock); unset when `time` is.", false},
      {"hours_since", "hours_since(time: date | datetime) -> int",
       "Whole hours from `time` to now (the engine's clock); unset when `time` is.", false},
      {"default", "default(value, fallback) -> the type of both", "`value` when it is set, else `fallback`.", false},
      {"now", "now() -> datetime", "The engine's clock: the time of the record being processed.", false},
      {"count", "count(METRIC [where CONDITION] [within DURATION | since flow_start]) -> int",
       "How many times the profile did METRIC (in the window; `event.` in the condition is the counted event).",
       true},
      {"sum", "sum(METRIC.PROPERTY [where CONDITION] [within DURATION | since flow_start]) -> number",
       "The total of PROPERTY over the profile's METRIC events (in the window).", true},
      {"last", "last(METRIC [where CONDITION]) -> datetime?", "When the profile last did METRIC; unset if never.",
       true},
  };
  return functions;
}

}  // namespace flowc::lsp
