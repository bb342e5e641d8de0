#include "stdlib/keywords.h"

#include <algorithm>
#include <cctype>

namespace flowc::stdlib {

const std::vector<std::string>& stop_keywords() {
  static const std::vector<std::string> words = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET"};
  return words;
}
const std::vector<std::string>& start_keywords() {
  static const std::vector<std::string> words = {"START", "UNSTOP", "JOIN", "YES"};
  return words;
}
const std::vector<std::string>& help_keywords() {
  static const std::vector<std::string> words = {"HELP", "INFO", "AIDE"};
  return words;
}

std::string upper_ascii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

bool is_compliance_keyword(const std::string& text) {
  std::string word = upper_ascii(trim(text));
  for (const auto* list : {&stop_keywords(), &start_keywords(), &help_keywords()})
    if (std::find(list->begin(), list->end(), word) != list->end()) return true;
  return false;
}

}  // namespace flowc::stdlib
