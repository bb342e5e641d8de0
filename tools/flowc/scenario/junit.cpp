#include "scenario/junit.h"

#include <fmt/format.h>

#include "markup.h"

namespace flowc::cli::scenario {

namespace {

std::string xml(const std::string& text) { return escape_markup(text); }

struct Counts {
  size_t tests = 0, failures = 0, errors = 0;
};

Counts count(const FileResult& file) {
  if (file.failed()) return {1, 0, 1};
  Counts c;
  for (const CaseResult& r : file.cases) {
    ++c.tests;
    c.failures += !r.passed;
  }
  return c;
}

void write_suite(std::ostream& out, const FileResult& file) {
  Counts c = count(file);
  out << fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\" timestamp=\"{}\">\n",
      xml(file.path), c.tests, c.failures, c.errors, file.seconds, file.started);
  if (file.failed()) {
    std::string first = file.error.substr(0, file.error.find('\n'));
    out << fmt::format("    <testcase classname=\"{0}\" name=\"{0}\" time=\"{1:.3f}\">\n", xml(file.path), file.seconds);
    out << fmt::format("      <error message=\"{}\">{}</error>\n", xml(first), xml(file.error));
    out << "    </testcase>\n";
  }
  for (const CaseResult& r : file.cases) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml(file.path), xml(r.name), r.seconds);
    if (r.passed) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    out << fmt::format("      <failure message=\"{}\">{}</failure>\n", xml(r.message), xml(r.detail));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace

void write_junit(std::ostream& out, const std::vector<FileResult>& files) {
  Counts total;
  for (const FileResult& f : files) {
    Counts c = count(f);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  double seconds = 0;
  for (const FileResult& f : files) seconds += f.seconds;
  out << fmt::format("<testsuites name=\"flowc test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     total.tests, total.failures, total.errors, seconds);
  for (const FileResult& f : files) write_suite(out, f);
  out << "</testsuites>\n";
}

}  // namespace flowc::cli::scenario
