// The HTML report's charts, drawn as inline SVG so the page needs no
// network and no script. Every bar is a <rect class="bar"> (a tooltip in its
// <title>), so tests and browsers can count them. Sizes are computed from
// the largest value; with all values zero the bars have zero width, never
// NaN, and an empty chart says so in text.
#pragma once

#include <string>
#include <vector>

namespace flowc::report {

struct Bar {
  std::string label;
  double value = 0;
  std::string shown;  // the value as printed beside the bar
};

// Horizontal bars, one row each. `kind` becomes the svg's class.
std::string bar_chart(const std::string& kind, const std::string& title, const std::vector<Bar>& bars);

// A funnel: bars centred on one axis, widest first.
std::string funnel_chart(const std::string& title, const std::vector<Bar>& stages);

// Columns stacked per series, one column per label (a day); values[i][s] is
// label i's value in series s. Series are coloured in order, with a legend.
std::string stacked_columns(const std::string& kind, const std::string& title, const std::vector<std::string>& labels,
                            const std::vector<std::string>& series, const std::vector<std::vector<double>>& values);

}  // namespace flowc::report
