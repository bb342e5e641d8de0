// The VM's operations, one family per file (arithmetic.cpp, compare.cpp,
// builtins.cpp, filters.cpp, html_escape.cpp, text_case.cpp); vm.cpp is only the dispatch
// loop. Private to runtime/vm.
//
// Every operation is total: a wrong kind of operand (which the checker
// prevents) or an unset one gives unset (or false, for comparisons) rather
// than undefined behaviour.
#pragma once

#include <cstdint>
#include <string>

#include "ir/module.h"
#include "vm/numeric_in_place.h"
#include "vm/vm.h"

namespace flowc::vm::ops {

using ir::Value;

// Arithmetic (arithmetic.cpp). Integer overflow and division by zero give unset.
Value add(const Value& l, const Value& r);
Value sub(const Value& l, const Value& r);
Value mul(const Value& l, const Value& r);
Value div(const Value& l, const Value& r);
Value mod(const Value& l, const Value& r);
Value neg(const Value& x);

// Comparisons (compare.cpp): `op` is one of Eq Ne Lt Le Gt Ge; false when
// either side is unset or the two cannot be compared.
bool compare(ir::Opcode op, const Value& l, const Value& r);
// numeric_in_place(op, l, r) (numeric_in_place.h, inline): two numbers
// combined in place, what the VM's loop and the JIT's helpers try before
// add/sub/mul/compare.
// `item in list` (also `contains(list, item)`).
bool list_contains(const Value& list, const Value& item);

// Built-in functions (builtins.cpp). `args` holds `argc` values; the context
// is asked for the time only by days_since / hours_since.
Value call_builtin(ir::Builtin fn, const Value* args, int argc, EvalContext& context);

// Template filters (filters.cpp). `arg` is the filter's argument for
// `default` and `date`, else unused. Returns false for an unknown filter.
bool apply_filter(ir::TemplateFilter filter, Value& value, const Value& arg);
// strftime-like formatting of a UTC time of day on a day since 1970.
std::string format_time(const std::string& format, int64_t days, int64_t second_of_day);

// HTML escaping (html_escape.cpp): a hole's text escaped for its place in
// an HTML body. The VM and the JIT both call this, so their output is the
// same byte for byte.
std::string escape_html(ir::HtmlEscape how, const std::string& text);
// The Escape opcode: the value's text (a string after ToText), escaped.
void escape_value(ir::HtmlEscape how, Value& value);

// Case mapping of UTF-8 text (text_case.cpp): ASCII, Latin-1, Latin
// Extended-A, basic Greek and Cyrillic; other text is kept as is.
std::string to_lower(const std::string& s);
std::string to_upper(const std::string& s);
// Number of code points of UTF-8 text.
int64_t code_points(const std::string& s);

// Floor division and modulo (the sign follows the divisor), b > 0.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

}  // namespace flowc::vm::ops
