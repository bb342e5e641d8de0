// A plain-text table for the terminal: columns padded to their widest cell,
// names left-aligned and numbers right-aligned, so figures line up under
// each other. `align` has one letter a column, `l` or `r` (missing: `r`).
#pragma once

#include <string>
#include <vector>

namespace flowc::report {

class Table {
 public:
  Table(std::vector<std::string> header, std::string align) : rows_{std::move(header)}, align_(std::move(align)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Each line starts with `indent`; no trailing spaces.
  std::string render(const std::string& indent) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
  std::string align_;
};

}  // namespace flowc::report
