// flowc: the command-line driver. Parses the command line (CLI11) and hands
// over to one function per subcommand (commands.h).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace flowc::cli;
  CLI::App app{"flowc: the compiler and runtime for .flow marketing automation programs"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Parse, type-check and lint a program; exit 1 on any error");
  check_cmd->add_option("files", check.files, "The program's files (imports are followed)")->required();
  check_cmd->add_option("--format", check.format, "Diagnostics as `text` (default) or `json`")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_flag("--warnings-as-errors,-W", check.warnings_as_errors, "Exit 1 on warnings too");
  bool color_always = false;
  check_cmd->add_flag("--color", color_always, "Colour the text diagnostics");

  std::vector<std::string> dump_files;
  CLI::App* dump_cmd = app.add_subcommand("dump-ast", "Print the checked AST of a program (for debugging and tests)");
  dump_cmd->add_option("files", dump_files, "The program's files")->required();

  std::string code;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Explain a diagnostic code, such as E013");
  explain_cmd->add_option("code", code, "The code")->required();

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
  if (check_cmd->parsed()) {
    check.color = color_always && isatty(2);
    return run_check(check);
  }
  if (dump_cmd->parsed()) return run_dump_ast(dump_files);
  if (explain_cmd->parsed()) return run_explain(code);
  return kBadCommandLine;
}
