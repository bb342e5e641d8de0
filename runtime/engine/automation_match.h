// Text matching for keyword automations (RUNTIME.md section 7): compliance
// keywords, trigger keywords and answers to a question. Pure functions over
// the inbound text, so they are easy to test on their own.
//
// Case-insensitivity is ASCII only: keywords are letters, digits and spaces
// (the checker makes sure), and choices compare as their bytes otherwise.
#pragma once

#include <string>
#include <vector>

namespace flowc::engine {

enum class ComplianceKeyword { None, Stop, Start, Help };

// Which compliance family the whole message (trimmed) belongs to.
ComplianceKeyword compliance_keyword(const std::string& text);

// Always-on triggers: the whole message, trimmed, is the keyword.
bool keyword_exact(const std::string& text, const std::string& keyword);
// Reply triggers: the keyword appears anywhere in the message.
bool keyword_within(const std::string& text, const std::string& keyword);

// The choice an answer picks (its index), or -1. A number ("2", trimmed)
// wins; else the first choice, in declared order, whose text appears
// anywhere in the message.
int match_choice(const std::string& text, const std::vector<std::string>& choices);

// A question as sent: its text then the numbered choices, one a line.
std::string question_with_choices(const std::string& text, const std::vector<std::string>& choices);

}  // namespace flowc::engine
