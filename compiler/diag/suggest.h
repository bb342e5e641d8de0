// "Did you mean" suggestions for unknown names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flowc {

// Levenshtein distance, case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a plausible
// typo (distance at most a third of the length, and at least 1 allowed);
// empty when none is.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean `x`?)"-style hint text, or empty.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace flowc
