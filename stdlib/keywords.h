// SMS compliance and subscription keywords (the seeds: sms-keyword-automations
// and consent). Automations may not use them as trigger keywords; the runtime
// handles them before any automation.
#pragma once

#include <string>
#include <vector>

namespace flowc::stdlib {

// STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, ARRET
const std::vector<std::string>& stop_keywords();
// START, UNSTOP, JOIN, YES
const std::vector<std::string>& start_keywords();
// HELP, INFO, AIDE
const std::vector<std::string>& help_keywords();
// Whether `text`, trimmed and compared case-insensitively, is any of them.
bool is_compliance_keyword(const std::string& text);

std::string upper_ascii(std::string text);
std::string trim(const std::string& text);

}  // namespace flowc::stdlib
