// The flowc subcommands. Each returns the process exit code (RUNTIME.md
// section 1): 0 ok, 1 the program has errors, 2 bad command line,
// 3 unreadable input files, 4 an output could not be written (output/);
// 70 an internal error (a bug in flowc: an exception reached main).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace flowc::cli {

enum ExitCode {
  kOk = 0,
  kProgramErrors = 1,
  kBadCommandLine = 2,
  kUnreadableInput = 3,
  kFailedWrite = 4,
  kInternalError = 70,  // EX_SOFTWARE of sysexits.h
};

// `allowed_paths` (everywhere): the `--allow-path` folders, from which
// imports and `body file`s may come besides the program's own folders.
struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> allowed_paths;
  std::string format = "text";  // text | json | sarif (one SARIF 2.1.0 log on stdout)
  bool warnings_as_errors = false;
  std::string stdin_filename;  // files = {"-"}: the name standard input's text goes by ("" : <stdin>)
};

int run_check(const CheckOptions& options);

struct RunOptions {
  std::vector<std::string> files;  // sources, or one module file
  std::vector<std::string> allowed_paths;
  std::string events = "-";
  std::string engine = "vm";
  std::string until;               // RFC 3339; empty: stop at the last record
  bool drain = false;
  std::string out;                 // activity NDJSON; empty or "-": standard output
  std::string report;              // report JSON
  std::string state_dir;
  std::string checkpoint_every = "auto";  // with --state: a number of lines, a period (10s, 5m), or auto
  bool migrate = false;            // with --state: migrate a state written by another program shape
  std::string jit_cache;           // object cache folder for --engine jit
  bool strict = false;
  bool quiet = false;              // no summary on stderr
  std::string max_clock_jump = "400d";  // a record further ahead of the clock is bad input
  size_t max_input_errors = 1000;  // input errors kept in full (all are counted)
  // `flowc serve` (docs/state.md, "flowc serve"): the same options, and these.
  bool serve = false;
  bool follow = false;             // keep reading a growing file (rotation as tail -F)
  std::string clock = "event";     // event | wall
  std::string grace = "5m";        // --clock wall: how far the clock trails the wall clock
  std::string clock_file;          // test hook: "now" is the RFC 3339 time in this file
  std::string report_every = "1m"; // --report written this often
  std::string progress_every = "10s";  // test hook (hidden): the progress line's period
};

// `flowc publish`: an event file into a partitioned NATS JetStream stream
// (docs/scale-out-design.md).
struct PublishOptions {
  std::string program;  // a .flow file, or a module from `flowc build`
  std::vector<std::string> allowed_paths;
  std::string events = "-";
  std::string nats;              // nats://host:port
  std::string stream;            // the stream's name; subjects NAME.in.<partition>
  uint32_t partitions = 0;       // 0: the stream's own count, or 1 for a new stream
  bool drain = false;            // end the stream: an end marker on every partition
  std::string dedupe_window = "24h";  // the stream's window for dropping a repeated message id
  std::string max_clock_jump = "400d";
  bool strict = false;
  bool quiet = false;
  size_t max_input_errors = 1000;  // bad lines printed in full (all are counted)
};

int run_publish(const PublishOptions& options);

// `flowc chat`: an interactive preview of one keyword automation.
struct ChatOptions {
  std::vector<std::string> files;  // sources, or one module file
  std::vector<std::string> allowed_paths;
  std::string automation;          // its name
  std::string channel = "sms";     // sms | whatsapp
};

// `flowc test`: scenario tests (.flowtest files, docs/tooling.md). Exit 0
// when every test passed, 1 when one failed or a test file has errors.
struct TestOptions {
  std::vector<std::string> files;
  std::vector<std::string> allowed_paths;  // for the programs under test
  std::string engine = "vm";  // vm | jit
  std::string junit;          // JUnit XML report path; empty: none
};
int run_test(const TestOptions& options);

// `flowc fmt`: rewrites the files in the canonical layout, or with `check`
// only names on stdout those that would change (exit 1 when any would).
struct FmtOptions {
  std::vector<std::string> files;  // {"-"}: standard input, formatted to standard output
  bool check = false;              // write nothing; print a diff of what would change
  bool list = false;               // write nothing; print the names of the files that would change
  std::string stdin_filename;      // with "-": the name in diagnostics and the diff ("" : <stdin>)
};
int run_fmt(const FmtOptions& options);

// `flowc graph`: one of flow, campaign, automation names what to draw.
struct GraphOptions {
  std::string file;
  std::vector<std::string> allowed_paths;
  std::string flow, campaign, automation;
  std::string format = "dot";  // dot | mermaid
};
int run_graph(const GraphOptions& options);

// `flowc report`: a run's report (and activity) as a text summary, usage
// CSV, recipient listing or self-contained HTML page (docs/reporting.md).
struct ReportOptions {
  std::string report;     // the report JSON of `flowc run --report`
  std::string activity;   // its activity NDJSON; empty: none
  std::string html;       // write the HTML page here; empty: none
  std::string usage_csv;  // write usage per month as CSV here; empty: none
  std::string flow, step; // with `recipients`: whose profiles to list
  bool recipients = false;
};
int run_report(const ReportOptions& options);

// `flowc state inspect DIR [--profile ID]` (one JSON document on standard
// output) and `flowc state export DIR [-o FILE]` (NDJSON): a state folder,
// read without locking or writing it (docs/state.md, "Reading a state").
// Exit 3 for a folder that is not a readable state, 2 for an unknown profile.
struct StateOptions {
  std::string dir;
  std::string profile;  // inspect: the profile to show; empty: none
  std::string output;   // export: the NDJSON file; empty or "-": standard output
};
int run_state_inspect(const StateOptions& options);

// `flowc migrate PROGRAM --state DIR`: the plan for a state written by
// another version of the program (docs/state.md, "Program upgrades"),
// printed without changing anything; `--apply` commits it and writes the
// exits it causes to `--out`. Exit 3 for an unreadable state, 2 for a bad
// `--map`, 4 for a failed write.
struct MigrateOptions {
  std::vector<std::string> files;  // the new program
  std::vector<std::string> allowed_paths;
  std::string state_dir;
  std::vector<std::string> maps;   // FLOW:OLD=NEW
  bool apply = false;
  std::string out;                 // --apply: the activity of the exits; empty or "-": standard output
  std::string format = "text";     // text | json
};
int run_migrate(const MigrateOptions& options);
int run_state_export(const StateOptions& options);

int run_build(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths,
              const std::string& output);
int run_disasm(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths);
int run_run(const RunOptions& options);
// Whether `--engine` names an engine this build has (says why on stderr when not).
bool engine_available(const std::string& engine);
int run_dump_ast(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths);
int run_explain(const std::string& code);
int run_chat(const ChatOptions& options);
// `flowc lsp`: the language server on standard input and output (tools/flowc/lsp/).
int run_lsp(const std::vector<std::string>& allowed_paths);

}  // namespace flowc::cli
