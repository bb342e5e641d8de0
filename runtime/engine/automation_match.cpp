// Text matching for keyword automations.
#include "engine/automation_match.h"

#include <algorithm>
#include <cctype>

#include "stdlib/keywords.h"

namespace flowc::engine {

namespace {

bool in(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

ComplianceKeyword compliance_keyword(const std::string& text) {
  std::string word = stdlib::upper_ascii(stdlib::trim(text));
  if (in(stdlib::stop_keywords(), word)) return ComplianceKeyword::Stop;
  if (in(stdlib::start_keywords(), word)) return ComplianceKeyword::Start;
  if (in(stdlib::help_keywords(), word)) return ComplianceKeyword::Help;
  return ComplianceKeyword::None;
}

bool keyword_exact(const std::string& text, const std::string& keyword) {
  return stdlib::upper_ascii(stdlib::trim(text)) == stdlib::upper_ascii(stdlib::trim(keyword));
}

bool keyword_within(const std::string& text, const std::string& keyword) {
  std::string k = stdlib::upper_ascii(stdlib::trim(keyword));
  return !k.empty() && stdlib::upper_ascii(text).find(k) != std::string::npos;
}

int match_choice(const std::string& text, const std::vector<std::string>& choices) {
  std::string answer = stdlib::trim(text);
  if (all_digits(answer)) {
    long n = std::stol(answer);
    if (n >= 1 && static_cast<size_t>(n) <= choices.size()) return static_cast<int>(n - 1);
  }
  for (size_t i = 0; i < choices.size(); ++i)
    if (keyword_within(answer, choices[i])) return static_cast<int>(i);
  return -1;
}

std::string question_with_choices(const std::string& text, const std::vector<std::string>& choices) {
  std::string out = text;
  for (size_t i = 0; i < choices.size(); ++i) out += "\n" + std::to_string(i + 1) + ". " + choices[i];
  return out;
}

}  // namespace flowc::engine
