// Words for the editor: durations, waits, message previews and step titles,
// shared by hover and document symbols.
#pragma once

#include <string>

#include "ast/ast.h"

namespace flowc::lsp {

// "1 day 12 hours"; "0 minutes" for zero.
std::string duration_in_words(int64_t minutes);
// "10:00"
std::string time_of_day(int minute);
// What a wait step does, in a sentence.
std::string wait_in_words(const ast::Step& wait);
// A short title for a step: "send email welcome", "wait 2d", "if", ... and
// its label when it has one: "wait 3 days as second_wait".
std::string step_title(const ast::Step& step);
// The subject (or title) and the start of the body, HTML tags dropped and
// white space folded, as Markdown lines.
std::string message_preview(const ast::Message& message);

}  // namespace flowc::lsp
