// `flowc report` (tools/flowc/report/): the text summary, the usage CSV and
// the recipient listing against golden files in tests/report/, the HTML
// page's structure, its render in headless Chromium, and bad input. The
// fixtures are written by hand and already hold the fields a newer runtime
// adds (usage_by_month, sends_by_day, per-step recipients);
// report-before-usage.json has none of them, for the fallbacks.
// To regenerate a golden file after a deliberate change:
//   flowc report tests/report/report.json > tests/report/summary.txt
// and read the diff.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "golden.h"

using flowc::testing::read_text;
using flowc::testing::run_command;

namespace {

const std::string kDir = std::string(FLOWC_SOURCE_DIR) + "/tests/report/";
const std::string kReport = kDir + "report.json";
const std::string kActivity = kDir + "activity.ndjson";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Runs `flowc ARGS` with standard error folded into the output.
int run_flowc(const std::string& args, std::string* output) {
  return run_command(std::string(FLOWC_BINARY) + " " + args + " 2>&1", output);
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("flowc-report-" + std::to_string(getpid()) + "-" + name)).string();
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The <svg> element whose class list starts with `chart KIND` (the first one).
std::string svg(const std::string& html, const std::string& kind) {
  size_t start = html.find("<svg class=\"chart " + kind + "\"");
  if (start == std::string::npos) return "";
  size_t end = html.find("</svg>", start);
  return html.substr(start, end == std::string::npos ? std::string::npos : end + 6 - start);
}

std::string html_of(const std::string& report, const std::string& extra = "") {
  std::string path = temp_path("page.html"), out;
  REQUIRE(run_flowc("report " + quoted(report) + " --html " + path + " " + extra, &out) == 0);
  std::string html = read_text(path);
  std::remove(path.c_str());
  return html;
}

}  // namespace

TEST_CASE("report: the text summary of a report", "[report]") {
  std::string out;
  REQUIRE(run_flowc("report " + kReport, &out) == 0);
  CHECK(out == read_text(kDir + "summary.txt"));
}

TEST_CASE("report: usage per month as CSV", "[report]") {
  std::string path = temp_path("usage.csv"), out;
  REQUIRE(run_flowc("report " + kReport + " --usage-csv " + path, &out) == 0);
  CHECK(out.empty());  // an export prints no summary over it
  CHECK(read_text(path) ==
        "month,active_profiles,emails_sent,sms_sent,sms_credits,push_sent,whatsapp_sent\n"
        "2026-10,1,1,1,1,0,0\n"
        "2026-11,5,5,6,8,0,1\n");
  SECTION("a report without usage_by_month gives its totals as one `all` row") {
    REQUIRE(run_flowc("report " + kDir + "report-before-usage.json --usage-csv " + path, &out) == 0);
    CHECK(read_text(path) ==
          "month,active_profiles,emails_sent,sms_sent,sms_credits,push_sent,whatsapp_sent\n"
          "all,3,4,2,3,0,0\n");
  }
  std::remove(path.c_str());
}

// p6's review of welcome_1 is decided after the run moved on to welcome_2:
// the decision is no progress, so p6 is not listed as pending.
TEST_CASE("report: recipients of a flow and of one step", "[report]") {
  std::string out;
  REQUIRE(run_flowc("report " + kReport + " --activity " + kActivity + " --flow 'Welcome Series' --recipients", &out) == 0);
  CHECK(out == read_text(kDir + "recipients.txt"));
  REQUIRE(run_flowc("report " + kReport + " --activity " + kActivity +
                    " --flow 'Welcome Series' --step welcome_2 --recipients", &out) == 0);
  CHECK(out == read_text(kDir + "recipients-welcome_2.txt"));
}

TEST_CASE("report: the HTML page's structure", "[report]") {
  std::string html = html_of(kReport);
  CHECK(occurrences(html, "<html") == 1);
  CHECK(occurrences(html, "</html>") == 1);
  CHECK(occurrences(html, "<svg") == occurrences(html, "</svg>"));
  // One funnel per flow: entered, each send step's sent, opens, clicks, conversions.
  CHECK(occurrences(html, "<svg class=\"chart funnel\"") == 2);
  std::string welcome = svg(html, "funnel");
  CHECK(occurrences(welcome, "class=\"bar\"") == 6);
  CHECK(welcome.find("sent: welcome_2") != std::string::npos);
  // Sends per day: one column per day, a bar per non-zero channel (3 days, 7 bars).
  std::string days = svg(html, "sends-per-day");
  CHECK(occurrences(days, "<g class=\"column\">") == 3);
  CHECK(occurrences(days, "class=\"bar\"") == 7);
  // Revenue by message: 3 flow send steps, 2 campaign messages.
  CHECK(occurrences(svg(html, "revenue"), "class=\"bar\"") == 5);
  // Skip reasons: no_consent (flow, campaign, automation) and smart_sending.
  std::string skips = svg(html, "skips");
  CHECK(occurrences(skips, "class=\"bar\"") == 2);
  CHECK(skips.find("no_consent: 3") != std::string::npos);

  CHECK(html.find("NaN") == std::string::npos);
  CHECK(!std::regex_search(html, std::regex(R"(\binf(inity)?\b)", std::regex::icase)));
  CHECK(!std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  // Names from the program are escaped wherever they appear.
  CHECK(html.find("Cart <Rescue>") == std::string::npos);
  CHECK(html.find("Cart &lt;Rescue&gt; &amp; &quot;More&quot;") != std::string::npos);
  CHECK(html.find("vip<b>") == std::string::npos);
  CHECK(html.find("vip&lt;b&gt;") != std::string::npos);
}

TEST_CASE("report: HTML of a report of zeros and without sends per day", "[report]") {
  std::string html = html_of(kDir + "report-before-usage.json");
  CHECK(html.find("NaN") == std::string::npos);
  CHECK(!std::regex_search(html, std::regex(R"(\binf(inity)?\b)", std::regex::icase)));
  CHECK(occurrences(svg(html, "sends-per-day"), "class=\"bar\"") == 0);
  CHECK(svg(html, "sends-per-day").find("nothing to show") != std::string::npos);
  SECTION("--activity gives the sends per day instead") {
    std::string days = svg(html_of(kDir + "report-before-usage.json", "--activity " + kActivity), "sends-per-day");
    CHECK(occurrences(days, "<g class=\"column\">") == 4);
    CHECK(occurrences(days, "class=\"bar\"") == 6);  // 11-01: email, sms; 11-02: email, whatsapp; 11-04, 11-05: email
  }
}

TEST_CASE("report: the HTML page renders in headless Chromium", "[report]") {
  const char* chromium = "/usr/bin/chromium";
  if (access(chromium, X_OK) != 0) {
    WARN("skipped: /usr/bin/chromium is missing (scripts/install-deps installs it)");
    return;
  }
  std::string page = temp_path("render.html");
  std::string out;
  REQUIRE(run_flowc("report " + kReport + " --html " + page, &out) == 0);
  std::string profile = temp_path("chromium-profile");
  std::string dom;
  int status = run_command(std::string(chromium) +
                               " --headless --disable-gpu --no-sandbox --user-data-dir=" + profile +
                               " --dump-dom file://" + page + " 2>/dev/null",
                           &dom);
  run_command("rm -rf " + profile);
  std::remove(page.c_str());
  REQUIRE(status == 0);
  // The page's inline script ran (it counts the charts) and caught no error.
  CHECK(dom.find("data-charts=\"5\"") != std::string::npos);
  CHECK(dom.find("data-script-errors=") == std::string::npos);
  CHECK(occurrences(dom, "<svg class=\"chart funnel\"") == 2);
  CHECK(dom.find("<svg class=\"chart sends-per-day\"") != std::string::npos);
  CHECK(dom.find("<svg class=\"chart revenue\"") != std::string::npos);
  CHECK(dom.find("<svg class=\"chart skips\"") != std::string::npos);
}

TEST_CASE("report: bad input is an error, not a crash", "[report]") {
  std::string out, junk = temp_path("junk.json");
  SECTION("a missing report") {
    CHECK(run_flowc("report " + kDir + "missing.json", &out) == 3);
    CHECK(out.find("cannot read") != std::string::npos);
  }
  SECTION("a report that is not JSON") {
    CHECK(run_flowc("report " + kActivity, &out) == 3);
    CHECK(out.find("is not JSON") != std::string::npos);
  }
  SECTION("JSON that is not a report") {
    run_command("echo '[1, 2]' > " + junk);
    CHECK(run_flowc("report " + junk, &out) == 3);
    CHECK(out.find("is not a flowc report") != std::string::npos);
  }
  SECTION("an activity file that is not NDJSON") {
    CHECK(run_flowc("report " + kReport + " --activity " + kReport + " --flow 'Welcome Series' --recipients", &out) == 3);
    CHECK(out.find("not an activity record") != std::string::npos);
  }
  SECTION("an unknown flow names the flows there are") {
    CHECK(run_flowc("report " + kReport + " --activity " + kActivity + " --flow Nope --recipients", &out) == 2);
    CHECK(out.find("no flow `Nope`; its flows are: `Welcome Series`") != std::string::npos);
  }
  SECTION("an unknown step") {
    CHECK(run_flowc("report " + kReport + " --activity " + kActivity + " --flow 'Welcome Series' --step x --recipients",
                &out) == 2);
    CHECK(out.find("has no step `x`") != std::string::npos);
  }
  SECTION("--recipients without --activity or --flow") {
    CHECK(run_flowc("report " + kReport + " --flow 'Welcome Series' --recipients", &out) == 2);
    CHECK(out.find("needs --activity") != std::string::npos);
    CHECK(run_flowc("report " + kReport + " --recipients", &out) == 2);
  }
  std::remove(junk.c_str());
}

TEST_CASE("report: input errors are counted from input_error_counts, not the capped list", "[report]") {
  // `flowc run` keeps only the first --max-input-errors in full; the counts by
  // kind hold them all, so 2 kept of 5 is 5 input errors.
  std::string path = temp_path("capped.json"), out;
  run_command("printf '%s' '{\"flows\": {}, \"records\": 7, \"late_records\": 0, "
              "\"input_errors\": [{\"line\": 1, \"reason\": \"x\", \"kind\": \"not_json\"}, "
              "{\"line\": 2, \"reason\": \"y\", \"kind\": \"not_json\"}], "
              "\"input_error_counts\": {\"not_json\": 4, \"time_jump\": 1}}' > " + path);
  CHECK(run_flowc("report " + path, &out) == 0);
  CHECK(out.find("7 records, 0 late, 5 input errors") != std::string::npos);
  run_command("printf '%s' '{\"flows\": {}, \"records\": 7, \"input_error_counts\": {\"not_json\": -4}}' > " + path);
  CHECK(run_flowc("report " + path, &out) == 3);
  CHECK(out.find("/input_error_counts/not_json") != std::string::npos);
  std::remove(path.c_str());
}
