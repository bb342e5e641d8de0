// flowc: the command-line driver. Parses the command line (CLI11) and hands
// over to one function per subcommand (commands.h).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_conventions.h"
#include "commands.h"
#include "shell_completion.h"
#include "internal_error.h"
#include "memory_allocator.h"
#include "output/standard_output.h"
#include "diag/diagnostic.h"

namespace {

int command_line(int argc, char** argv) {
  using namespace flowc::cli;
  CLI::App app{"flowc: the compiler and runtime for .flow marketing automation programs", "flowc"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");
  use_flowc_error_messages(app);
  bool version_flag = false;  // `flowc --version` alone is answered before parsing: CLI11 would ask for a command
  app.add_flag("--version", version_flag, "Print flowc's version");
  CLI::App* version_cmd = app.add_subcommand("version", "Print flowc's version");
  // Every command that loads a program: imports and `body file`s may also come
  // from these folders (docs/language.md, "Where program files may come from").
  auto add_allow_path = [](CLI::App* cmd, std::vector<std::string>& folders) {
    cmd->add_option("--allow-path", folders, "Also let imports and `body file` read from this folder (repeatable)")
        ->type_name("DIR")
        ->allow_extra_args(false)
        ->check(CLI::ExistingDirectory);
  };

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Parse, type-check and lint a program; exit 1 on any error");
  check_cmd->add_option("files", check.files, "The program's files (imports are followed); `-`: standard input")
      ->required();
  check_cmd->add_option("--stdin-filename", check.stdin_filename,
                        "With `-`: the file's name in diagnostics; its folder is where imports are found");
  check_cmd->add_option("--format", check.format, "Diagnostics as `text` (default), `json` or `sarif`")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  add_allow_path(check_cmd, check.allowed_paths);
  check_cmd->add_flag("--warnings-as-errors,-W", check.warnings_as_errors, "Exit 1 on warnings too");

  std::vector<std::string> dump_files, dump_allowed;
  CLI::App* dump_cmd = app.add_subcommand("dump-ast", "Print the checked AST of a program (for debugging and tests)");
  dump_cmd->add_option("files", dump_files, "The program's files")->required();
  add_allow_path(dump_cmd, dump_allowed);

  std::vector<std::string> build_files, build_allowed;
  std::string build_output;
  CLI::App* build_cmd = app.add_subcommand("build", "Compile a program to a bytecode module file");
  build_cmd->add_option("files", build_files, "The program's files")->required();
  build_cmd->add_option("-o,--output", build_output, "The module file to write")->required();
  add_allow_path(build_cmd, build_allowed);

  std::vector<std::string> disasm_files, disasm_allowed;
  CLI::App* disasm_cmd = app.add_subcommand("disasm", "Print a module (or a program's) bytecode readably");
  disasm_cmd->add_option("files", disasm_files, "A module file, or the program's files")->required();
  add_allow_path(disasm_cmd, disasm_allowed);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a program over an event stream");
  run_cmd->add_option("files", run.files, "The program's files, or a module from `flowc build`")->required();
  add_allow_path(run_cmd, run.allowed_paths);
  run_cmd->add_option("--events", run.events, "The NDJSON event stream (`-`: standard input)")->required();
  run_cmd->add_option("--engine", run.engine, "`vm` (default) or `jit`")->check(CLI::IsMember({"vm", "jit"}));
  auto* until_opt = run_cmd->add_option("--until", run.until, "Run wake-ups up to this RFC 3339 time");
  auto* drain_opt = run_cmd->add_flag("--drain", run.drain, "Run wake-ups until nothing is scheduled");
  until_opt->excludes(drain_opt);
  run_cmd->add_option("--out", run.out, "Write the activity NDJSON here (default: standard output)");
  run_cmd->add_option("--report", run.report, "Write the report JSON here");
  run_cmd->add_option("--state", run.state_dir,
                      "Keep the run's state in this folder: resume after a stop, continue with the next events");
  run_cmd->add_option("--checkpoint-every", run.checkpoint_every,
                      "With --state: commit the state every N lines, every period such as 10s, or `auto` "
                      "(default: 10s, spaced out when checkpoints are costly)");
  run_cmd->add_flag("--migrate", run.migrate,
                    "With --state: migrate a state written by another version of the program (see `flowc migrate`)");
  run_cmd->add_option("--jit-cache", run.jit_cache, "With --engine jit: keep compiled code in this folder");
  run_cmd->add_flag("--strict", run.strict, "Stop at the first bad input line (exit 3)");
  run_cmd->add_flag("--quiet,-q", run.quiet, "No summary on standard error");
  run_cmd->add_option("--max-clock-jump", run.max_clock_jump,
                      "A record more than this duration (such as 400d, 12h) after the latest one is bad input");
  run_cmd->add_option("--max-input-errors", run.max_input_errors,
                      "Keep this many input errors in full (default 1000); all are counted by kind");

  RunOptions serve;
  serve.serve = true;
  serve.quiet = false;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Run a program for good on a state folder: follow the events, fire wake-ups on the wall clock");
  serve_cmd->add_option("files", serve.files, "The program's files, or a module from `flowc build`")->required();
  add_allow_path(serve_cmd, serve.allowed_paths);
  serve_cmd->add_option("--state", serve.state_dir, "The state folder (created when missing)")->required();
  serve_cmd->add_option("--events", serve.events, "The NDJSON event stream: a file, or `-` (standard input)")
      ->required();
  serve_cmd->add_flag("--follow", serve.follow,
                      "Keep reading the file as it grows (rotation as `tail -F`); on a pipe, outlive its end");
  serve_cmd->add_option("--clock", serve.clock, "`event` (default: time is the records') or `wall`")
      ->check(CLI::IsMember({"event", "wall"}));
  serve_cmd->add_option("--grace", serve.grace, "With --clock wall: how far the clock trails the wall clock (5m)");
  serve_cmd->add_option("--clock-file", serve.clock_file,
                        "Test hook: the wall clock is the RFC 3339 time in this file (docs/testing.md)");
  serve_cmd
      ->add_option("--progress-every", serve.progress_every,
                   "Test hook: the progress line's period (default 10s; docs/testing.md)")
      ->group("");  // hidden: not in --help
  serve_cmd->add_option("--out", serve.out, "Write the activity NDJSON here (a regular file)")->required();
  serve_cmd->add_option("--report", serve.report, "Write the report JSON here, every --report-every");
  serve_cmd->add_option("--report-every", serve.report_every, "How often to write --report (default 1m)");
  serve_cmd->add_option("--checkpoint-every", serve.checkpoint_every,
                        "Commit the state every N lines, every period such as 10s, or `auto` (default: 10s, "
                        "spaced out when checkpoints are costly)");
  serve_cmd->add_flag("--migrate", serve.migrate, "Migrate a state written by another version of the program");
  serve_cmd->add_option("--engine", serve.engine, "`vm` (default) or `jit`")->check(CLI::IsMember({"vm", "jit"}));
  serve_cmd->add_option("--jit-cache", serve.jit_cache, "With --engine jit: keep compiled code in this folder");
  serve_cmd->add_flag("--strict", serve.strict, "Stop at the first bad input line (exit 3)");
  serve_cmd->add_flag("--quiet,-q", serve.quiet, "No progress or summary on standard error");
  serve_cmd->add_option("--max-clock-jump", serve.max_clock_jump,
                        "A record more than this duration (such as 400d, 12h) after the latest one is bad input");
  serve_cmd->add_option("--max-input-errors", serve.max_input_errors,
                        "Keep this many input errors in full (default 1000); all are counted by kind");

  PublishOptions publish;
  CLI::App* publish_cmd = app.add_subcommand(
      "publish", "Publish an event stream into a partitioned NATS JetStream stream (docs/scale-out-design.md)");
  publish_cmd->add_option("program", publish.program, "The program's file, or a module from `flowc build`")->required();
  publish_cmd->add_option("events", publish.events, "The NDJSON event stream (`-`: standard input)")->required();
  add_allow_path(publish_cmd, publish.allowed_paths);
  publish_cmd->add_option("--nats", publish.nats, "The NATS server, such as nats://127.0.0.1:4222")->required();
  publish_cmd->add_option("--stream", publish.stream, "The stream's name (subjects NAME.in.<partition>)")->required();
  publish_cmd->add_option("--partitions", publish.partitions,
                          "How many partitions a new stream has (default 1); an existing stream keeps its own")
      ->check(CLI::Range(1, 1024));
  publish_cmd->add_flag("--drain", publish.drain, "End the stream: an end marker on every partition");
  publish_cmd->add_option("--dedupe-window", publish.dedupe_window,
                          "How long the stream drops a repeated message (default 24h)");
  publish_cmd->add_flag("--strict", publish.strict, "Stop at the first bad input line (exit 3)");
  publish_cmd->add_flag("--quiet,-q", publish.quiet, "No summary on standard error");
  publish_cmd->add_option("--max-clock-jump", publish.max_clock_jump,
                          "A record more than this duration (such as 400d, 12h) after the latest one is bad input");
  publish_cmd->add_option("--max-input-errors", publish.max_input_errors,
                          "Print this many bad lines in full (default 1000); all are counted");

  ChatOptions chat;
  CLI::App* chat_cmd = app.add_subcommand("chat", "Talk to a keyword automation in the terminal (one message a line)");
  chat_cmd->add_option("files", chat.files, "The program's files, or a module from `flowc build`")->required();
  add_allow_path(chat_cmd, chat.allowed_paths);
  chat_cmd->add_option("--automation", chat.automation, "The automation's name")->required();
  chat_cmd->add_option("--channel", chat.channel, "`sms` (default) or `whatsapp`")
      ->check(CLI::IsMember({"sms", "whatsapp"}));

  TestOptions test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run scenario tests (.flowtest files); exit 1 when one fails");
  test_cmd->add_option("files", test.files, "The test files")->required();
  add_allow_path(test_cmd, test.allowed_paths);
  test_cmd->add_option("--engine", test.engine, "`vm` (default) or `jit`")->check(CLI::IsMember({"vm", "jit"}));
  test_cmd->add_option("--junit", test.junit, "Also write the results as JUnit XML to this file");

  std::vector<std::string> lsp_allowed;
  CLI::App* lsp_cmd = app.add_subcommand("lsp", "Serve the Language Server Protocol on standard input and output");
  add_allow_path(lsp_cmd, lsp_allowed);

  FmtOptions fmt_options;
  CLI::App* fmt_cmd = app.add_subcommand("fmt", "Lay .flow files out canonically (comments are kept), in place");
  fmt_cmd->add_option("files", fmt_options.files,
                      "The files to format (imports are not followed); `-`: standard input to standard output")
      ->required();
  fmt_cmd->add_flag("--check", fmt_options.check, "Write nothing; print a diff of what would change and exit 1 if any");
  fmt_cmd->add_flag("--list,-l", fmt_options.list, "Write nothing; print the files that would change and exit 1 if any");
  fmt_cmd->add_option("--stdin-filename", fmt_options.stdin_filename, "With `-`: the file's name in diagnostics");

  GraphOptions graph;
  CLI::App* graph_cmd = app.add_subcommand("graph", "Draw a flow, campaign or automation (Graphviz DOT or Mermaid)");
  graph_cmd->add_option("file", graph.file, "The program's (root) file")->required();
  add_allow_path(graph_cmd, graph.allowed_paths);
  graph_cmd->add_option("--flow", graph.flow, "The flow to draw");
  graph_cmd->add_option("--campaign", graph.campaign, "The campaign to draw");
  graph_cmd->add_option("--automation", graph.automation, "The keyword automation to draw");
  graph_cmd->add_option("--format", graph.format, "`dot` (default) or `mermaid`")
      ->check(CLI::IsMember({"dot", "mermaid"}));

  ReportOptions report;
  CLI::App* report_cmd = app.add_subcommand("report", "Summarize a run's report: text, usage CSV, recipients, HTML");
  report_cmd->add_option("report", report.report, "The report JSON of `flowc run --report`")->required();
  report_cmd->add_option("--activity", report.activity, "The run's activity NDJSON (`flowc run --out`)");
  report_cmd->add_option("--html", report.html, "Write a self-contained HTML page with charts here");
  report_cmd->add_option("--usage-csv", report.usage_csv, "Write account usage per month as CSV here");
  report_cmd->add_option("--flow", report.flow, "With --recipients: the flow");
  report_cmd->add_option("--step", report.step, "With --recipients: only this step");
  report_cmd->add_flag("--recipients", report.recipients, "List the flow's profiles by state (needs --activity)");

  StateOptions state;
  CLI::App* state_cmd = app.add_subcommand("state", "Look into a state folder (`--state DIR`) without changing it");
  state_cmd->require_subcommand(1);
  CLI::App* inspect_cmd = state_cmd->add_subcommand("inspect", "Print the clock, input position and counts as JSON");
  inspect_cmd->add_option("dir", state.dir, "The state folder")->required();
  inspect_cmd->add_option("--profile", state.profile, "Also print this profile's whole state");
  CLI::App* export_cmd = state_cmd->add_subcommand("export", "Write the whole state as NDJSON, one profile a line");
  export_cmd->add_option("dir", state.dir, "The state folder")->required();
  export_cmd->add_option("-o,--output", state.output, "Write the NDJSON here (default: standard output)");

  MigrateOptions migrate;
  CLI::App* migrate_cmd =
      app.add_subcommand("migrate", "Show (or --apply) what a new version of the program does to a saved state");
  migrate_cmd->add_option("files", migrate.files, "The new program's files, or a module from `flowc build`")->required();
  add_allow_path(migrate_cmd, migrate.allowed_paths);
  migrate_cmd->add_option("--state", migrate.state_dir, "The state folder")->required();
  migrate_cmd->add_option("--map", migrate.maps, "FLOW:OLD=NEW: runs at step OLD of FLOW go on at step NEW");
  migrate_cmd->add_flag("--apply", migrate.apply, "Apply the plan to the state");
  migrate_cmd->add_option("--out", migrate.out, "With --apply: write the exits' activity here (default: standard output)");
  migrate_cmd->add_option("--format", migrate.format, "`text` (default) or `json`")->check(CLI::IsMember({"text", "json"}));

  std::string shell;
  CLI::App* completion_cmd = app.add_subcommand("completion", "Print a shell completion script (bash, zsh, fish)");
  completion_cmd->add_option("shell", shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  std::string code;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Explain a diagnostic code, such as E013");
  explain_cmd->add_option("code", code, "The code")->required();

  // The commands that print diagnostics. Like clang's -ferror-limit: a
  // hostile file costs a bounded amount of work and output.
  size_t error_limit = flowc::DiagnosticSink::kDefaultErrorLimit;
  std::string color = "auto";
  for (CLI::App* cmd :
       {check_cmd, dump_cmd, build_cmd, disasm_cmd, run_cmd, serve_cmd, chat_cmd, test_cmd, fmt_cmd, graph_cmd, migrate_cmd}) {
    cmd->add_option("--error-limit", error_limit, "Stop after this many errors (0: no limit)")->capture_default_str();
    add_color_option(cmd, color);
  }

  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << version_text(memory_allocator_text()) << "\n";
    return kOk;
  }
  if (const std::optional<std::string> unknown = unknown_command_error(app, argc, argv)) {
    std::cerr << *unknown;
    return kBadCommandLine;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadCommandLine;
  }
  flowc::DiagnosticSink::set_default_error_limit(error_limit);
  set_diagnostics_color(use_color(*parse_color_choice(color), isatty(2)));
  if (version_cmd->parsed() || version_flag) {
    std::cout << version_text(memory_allocator_text()) << "\n";
    return kOk;
  }
  if (completion_cmd->parsed()) {
    const std::vector<CompletionCommand> tree = completion_tree(app);
    std::cout << (shell == "bash" ? bash_completion(tree) : shell == "zsh" ? zsh_completion(tree) : fish_completion(tree));
    return kOk;
  }
  if (check_cmd->parsed()) return run_check(check);
  if (dump_cmd->parsed()) return run_dump_ast(dump_files, dump_allowed);
  if (build_cmd->parsed()) return run_build(build_files, build_allowed, build_output);
  if (disasm_cmd->parsed()) return run_disasm(disasm_files, disasm_allowed);
  if (run_cmd->parsed()) return run_run(run);
  if (serve_cmd->parsed()) return run_run(serve);
  if (publish_cmd->parsed()) return run_publish(publish);
  if (explain_cmd->parsed()) return run_explain(code);
  if (chat_cmd->parsed()) return run_chat(chat);
  if (fmt_cmd->parsed()) return run_fmt(fmt_options);
  if (test_cmd->parsed()) return run_test(test);
  if (lsp_cmd->parsed()) return run_lsp(lsp_allowed);
  if (graph_cmd->parsed()) return run_graph(graph);
  if (report_cmd->parsed()) return run_report(report);
  if (inspect_cmd->parsed()) return run_state_inspect(state);
  if (export_cmd->parsed()) return run_state_export(state);
  if (migrate_cmd->parsed()) return run_migrate(migrate);
  return kBadCommandLine;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace flowc::cli;
  return run_reporting_internal_errors([&] { return finish_standard_output(command_line(argc, argv)); }, std::cerr);
}
