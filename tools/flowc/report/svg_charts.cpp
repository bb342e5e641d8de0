// The HTML report's SVG charts (svg_charts.h). Coordinates go through
// `num`, which prints finite numbers only: a chart of zeros must still be
// valid SVG in a browser.
#include "report/svg_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/escape.h"

namespace flowc::report {

namespace {

constexpr double kWidth = 720, kRow = 24, kLabel = 230, kValue = 90, kTop = 8;
// One colour per series or funnel stage, readable on white.
const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"};

std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  return fmt::format("{:.1f}", v);
}

// `part` of `length`, scaled to the largest value (0 when everything is 0).
double scaled(double value, double largest, double length) {
  if (!(largest > 0) || !std::isfinite(value) || value <= 0) return 0;
  return std::min(length, value / largest * length);
}

// Long labels are cut at a character boundary (the full name is in <title>).
std::string shortened(const std::string& s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) == 0x80) continue;
    if (chars++ == max_chars) return s.substr(0, i) + "…";
  }
  return s;
}

double largest(const std::vector<Bar>& bars) {
  double m = 0;
  for (const Bar& b : bars)
    if (std::isfinite(b.value)) m = std::max(m, b.value);
  return m;
}

std::string open_svg(const std::string& kind, const std::string& title, double height, size_t bars) {
  return fmt::format(
      "<svg class=\"chart {}\" data-bars=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      escape(kind), bars, num(kWidth), num(height), num(kWidth), num(height), escape(title));
}

std::string empty_note(double y) {
  return fmt::format("<text class=\"empty\" x=\"{}\" y=\"{}\">nothing to show</text>\n", num(kWidth / 2), num(y));
}

// One row: label, bar (at x, width w), value.
std::string row(const Bar& bar, size_t i, double x, double w, const char* colour) {
  double y = kTop + i * kRow;
  return fmt::format(
      "<text class=\"label\" x=\"{}\" y=\"{}\">{}</text>"
      "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>"
      "<text class=\"value\" x=\"{}\" y=\"{}\">{}</text>\n",
      num(kLabel - 8), num(y + kRow * 0.65), escape(shortened(bar.label, 30)), num(x), num(y + 3), num(w),
      num(kRow - 6), colour, escape(bar.label), escape(bar.shown), num(kWidth - kValue + 8), num(y + kRow * 0.65),
      escape(bar.shown));
}

}  // namespace

std::string bar_chart(const std::string& kind, const std::string& title, const std::vector<Bar>& bars) {
  double height = kTop * 2 + std::max<size_t>(bars.size(), 1) * kRow;
  std::string out = open_svg(kind, title, height, bars.size());
  double top = largest(bars), length = kWidth - kLabel - kValue;
  for (size_t i = 0; i < bars.size(); ++i) out += row(bars[i], i, kLabel, scaled(bars[i].value, top, length), kPalette[0]);
  if (bars.empty()) out += empty_note(height / 2 + 4);
  return out + "</svg>\n";
}

std::string funnel_chart(const std::string& title, const std::vector<Bar>& stages) {
  double height = kTop * 2 + std::max<size_t>(stages.size(), 1) * kRow;
  std::string out = open_svg("funnel", title, height, stages.size());
  double top = largest(stages), length = kWidth - kLabel - kValue, centre = kLabel + length / 2;
  for (size_t i = 0; i < stages.size(); ++i) {
    double w = scaled(stages[i].value, top, length);
    out += row(stages[i], i, centre - w / 2, w, kPalette[i % std::size(kPalette)]);
  }
  if (stages.empty()) out += empty_note(height / 2 + 4);
  return out + "</svg>\n";
}

std::string stacked_columns(const std::string& kind, const std::string& title, const std::vector<std::string>& labels,
                            const std::vector<std::string>& series, const std::vector<std::vector<double>>& values) {
  constexpr double kHeight = 260, kLeft = 50, kBottom = 40, kLegend = 24;
  double plot_w = kWidth - kLeft - 10, plot_h = kHeight - kBottom - kLegend;
  double top = 0;
  for (const auto& day : values) {
    double sum = 0;
    for (double v : day) sum += std::isfinite(v) && v > 0 ? v : 0;
    top = std::max(top, sum);
  }
  std::string out = open_svg(kind, title, kHeight, labels.size());
  for (size_t s = 0; s < series.size(); ++s)
    out += fmt::format(
        "<rect class=\"key\" x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text class=\"legend\" x=\"{}\" y=\"16\">{}</text>\n",
        num(kLeft + s * 110), kPalette[s % std::size(kPalette)], num(kLeft + s * 110 + 16), escape(series[s]));
  double base = kLegend + plot_h;
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", num(kLeft), num(base),
                     num(kLeft + plot_w));
  out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>\n", num(kLeft - 6), num(kLegend + 10),
                     fmt::format("{:.0f}", top));
  double slot = labels.empty() ? 0 : plot_w / labels.size();
  // A label every few columns, so that dates never overlap.
  size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(labels.size() * 48.0 / plot_w)));
  for (size_t i = 0; i < labels.size(); ++i) {
    double x = kLeft + i * slot + slot * 0.15, y = base;
    out += fmt::format("<g class=\"column\"><title>{}</title>", escape(labels[i]));
    for (size_t s = 0; s < series.size() && i < values.size() && s < values[i].size(); ++s) {
      double h = scaled(values[i][s], top, plot_h);
      if (h <= 0) continue;
      y -= h;
      out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {:.0f}</title></rect>",
                         num(x), num(y), num(slot * 0.7), num(h), kPalette[s % std::size(kPalette)], escape(labels[i]),
                         escape(series[s]), values[i][s]);
    }
    out += "</g>\n";
    if (i % every == 0)
      out += fmt::format("<text class=\"day\" x=\"{}\" y=\"{}\">{}</text>\n", num(x + slot * 0.35), num(base + 16),
                         escape(labels[i].size() == 10 ? labels[i].substr(5) : labels[i]));
  }
  if (labels.empty() || top <= 0) out += empty_note(kLegend + plot_h / 2);
  return out + "</svg>\n";
}

}  // namespace flowc::report
