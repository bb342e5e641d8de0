// The command line's conventions (docs/tooling.md, "Command-line
// conventions"), driven as a shell or an editor drives flowc: --version, a
// "did you mean" for a mistyped command, `flowc: error:` on every
// command-level error, `flowc` (not the binary's path) in usage lines,
// --color with NO_COLOR and CLICOLOR_FORCE, `-` for standard input in
// `check` and `fmt`, and `fmt --check`'s diff.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "flowc_command.h"
#include "golden.h"
#include "temp_folder.h"

namespace {

using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::sh_quote;
using flowc::testing::TempFolder;

const std::string kSource = FLOWC_SOURCE_DIR;
// Colour depends on the environment: every command here starts without
// the two variables, so that a CI that sets one does not change the result.
const std::string kFlowc = "env -u NO_COLOR -u CLICOLOR_FORCE " + std::string(FLOWC_BINARY);

struct Result {
  int status = -1;
  std::string out;  // standard output and error together, unless the command redirects
};

Result run_flowc(const std::string& args) {
  Result r;
  r.status = run_command(kFlowc + " " + args + " 2>&1", &r.out);
  return r;
}

// `flowc ARGS` with these environment variables (`NAME=VALUE ...`): standard output and error.
std::string run_flowc_env(const std::string& env, const std::string& args) {
  std::string out;
  run_command("env -u NO_COLOR -u CLICOLOR_FORCE " + env + " " + FLOWC_BINARY + " " + args + " 2>&1", &out);
  return out;
}

// `flowc ARGS` run from the folder `dir`.
Result run_flowc_in(const std::string& dir, const std::string& args) {
  Result r;
  r.status = run_command("cd " + sh_quote(dir) + " && " + kFlowc + " " + args + " 2>&1", &r.out);
  return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

const std::string kBadProgram = kSource + "/tests/check/three_independent_errors.flow";

}  // namespace

TEST_CASE("flowc --version and flowc version", "[cli]") {
  for (const char* args : {"--version", "version"}) {
    const Result r = run_flowc(args);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("flowc 0.1.0 (engines: vm", 0) == 0);
    CHECK(r.out.back() == '\n');
  }
}

TEST_CASE("flowc --version names jemalloc and its huge pages when the binary is linked with it", "[cli]") {
  // Release builds (-DFLOWC_JEMALLOC=ON, the default) allocate with jemalloc
  // in transparent huge pages (tools/flowc/memory_allocator.cpp); the
  // sanitizer and fuzz builds keep their own allocator and name none.
  const Result r = run_flowc("--version");
  CHECK(r.status == 0);
#ifdef FLOWC_TEST_JEMALLOC
  CHECK(r.out.find("; allocator: jemalloc 5.") != std::string::npos);
  CHECK(r.out.find(", huge pages always)") != std::string::npos);
#else
  CHECK(r.out.find("allocator") == std::string::npos);
#endif
}

TEST_CASE("a mistyped command: `flowc: error:` with the closest command", "[cli]") {
  Result r = run_flowc("chek examples/acme.flow");
  CHECK(r.status == 2);
  CHECK(r.out ==
        "flowc: error: `chek` is not a `flowc` command; did you mean `check`?\n"
        "Run `flowc --help` for the list of commands.\n");
  r = run_flowc("state inspet /tmp/x");
  CHECK(r.status == 2);
  CHECK(contains(r.out, "flowc: error: `inspet` is not a `flowc state` command; did you mean `inspect`?\n"));
  // Nothing close: no guess.
  r = run_flowc("frobnicate");
  CHECK(r.status == 2);
  CHECK(r.out == "flowc: error: `frobnicate` is not a `flowc` command\nRun `flowc --help` for the list of commands.\n");
  // A command's own words (files) are not taken for commands.
  CHECK(run_flowc("check " + kSource + "/examples/acme.flow").status == 0);
}

TEST_CASE("the command line's own errors: `flowc: error:` and where the help is; usage says `flowc`", "[cli]") {
  Result r = run_flowc("run " + kSource + "/examples/acme.flow");
  CHECK(r.status == 2);
  CHECK(r.out == "flowc: error: --events is required\nRun `flowc run --help` for more information.\n");
  r = run_flowc("check --format xml a.flow");
  CHECK(r.status == 2);
  CHECK(r.out.rfind("flowc: error: --format: xml not in {text,json,sarif}", 0) == 0);
  r = run_flowc("");
  CHECK(r.status == 2);
  CHECK(r.out.rfind("flowc: error: A subcommand is required\n", 0) == 0);
  r = run_flowc("run --help");
  CHECK(r.status == 0);
  CHECK(contains(r.out, "Usage: flowc run [OPTIONS]"));
  CHECK_FALSE(contains(r.out, FLOWC_BINARY));
  // Errors of the commands themselves use the same prefix.
  r = run_flowc("graph " + kBadProgram + " --flow X");
  CHECK(r.status == 1);
  CHECK(contains(r.out, "flowc: error: the program has errors; fix them first (`flowc check`)"));
}

TEST_CASE("--color: auto colours a terminal only; NO_COLOR, CLICOLOR_FORCE; always and never obeyed", "[cli]") {
  const std::string esc = "\x1b[";
  const std::string check = "check " + kBadProgram;
  // Not a terminal (a pipe here): no colour.
  CHECK_FALSE(contains(run_flowc(check).out, esc));
  CHECK(contains(run_flowc_env("CLICOLOR_FORCE=1", check), esc));
  CHECK_FALSE(contains(run_flowc_env("CLICOLOR_FORCE=0", check), esc));
  // NO_COLOR wins over CLICOLOR_FORCE; the command line wins over both.
  CHECK_FALSE(contains(run_flowc_env("NO_COLOR=1 CLICOLOR_FORCE=1", check), esc));
  CHECK(contains(run_flowc_env("NO_COLOR=1", check + " --color always"), esc));
  CHECK(contains(run_flowc_env("", check + " --color=always"), esc));
  CHECK_FALSE(contains(run_flowc_env("CLICOLOR_FORCE=1", check + " --color never"), esc));
  // Every command that prints diagnostics takes it: run, fmt, graph, test...
  CHECK(contains(run_flowc_env("", "run " + kBadProgram + " --events /dev/null --color always"), esc));
  CHECK(contains(run_flowc_env("", "graph " + kBadProgram + " --flow X --color always"), esc));
  CHECK(run_flowc(check + " --color sometimes").status == 2);
}

TEST_CASE("check -: standard input, named by --stdin-filename, imports beside that name", "[cli]") {
  TempFolder dir("flowc-cli-stdin");
  write(dir / "lib.flow", "list Newsletter\n");
  write(dir / "main.flow", "import \"lib.flow\"\nflow Welcome {\n  trigger list Newsletter\n}\n");
  const std::string broken = "import \"lib.flow\"\nflow Welcome {\n  trigger list Newsleter\n}\n";
  write(dir / "broken.flow", broken);
  // The editor's buffer, not the file on disk, is checked.
  Result r = run_flowc("check - --stdin-filename " + dir / "main.flow" + " < " + dir / "broken.flow");
  CHECK(r.status == 1);
  CHECK(contains(r.out, dir / "main.flow" + ":3:16: error[E010]"));
  CHECK(contains(r.out, "did you mean `Newsletter`?"));
  r = run_flowc("check - --stdin-filename " + dir / "main.flow" + " < " + dir / "main.flow");
  CHECK(r.status == 0);
  // Without a name: <stdin>, and imports from the current folder: the
  // tests' folder has no lib.flow (the import fails at 1:8); run from the
  // program's folder, the import is found and only the typo is left.
  r = run_flowc("check - < " + dir / "broken.flow");
  CHECK(r.status == 1);
  CHECK(contains(r.out, "<stdin>:1:8: error"));
  r = run_flowc_in(dir.path.string(), "check - < broken.flow");
  CHECK(contains(r.out, "<stdin>:3:16: error[E010]"));
  CHECK_FALSE(contains(r.out, "<stdin>:1:8"));
  CHECK(run_flowc("check - " + dir / "main.flow" + " < /dev/null").status == 2);
}

TEST_CASE("fmt -: standard input to standard output; --check prints a diff patch applies; --list names", "[cli][fmt]") {
  TempFolder dir("flowc-cli-fmt");
  const std::string messy = "list   Newsletter   # hi   \nlist B", formatted = "list Newsletter  # hi\nlist B\n";
  write(dir / "messy.flow", messy);
  write(dir / "tidy.flow", formatted);
  Result r;
  r.status = run_command(kFlowc + " fmt - < " + dir / "messy.flow", &r.out);
  CHECK(r.status == 0);
  CHECK(r.out == formatted);
  CHECK(read_text(dir / "messy.flow") == messy);  // untouched

  r.status = run_command(kFlowc + " fmt --check - --stdin-filename messy.flow < " + dir / "messy.flow", &r.out);
  CHECK(r.status == 1);
  CHECK(r.out ==
        "--- messy.flow\n"
        "+++ messy.flow\n"
        "@@ -1,2 +1,2 @@\n"
        "-list   Newsletter   # hi   \n"
        "-list B\n"
        "\\ No newline at end of file\n"
        "+list Newsletter  # hi\n"
        "+list B\n");

  // On files: the diff, which `patch` applies to give the formatted file.
  r.status = run_command(kFlowc + " fmt --check " + dir / "tidy.flow" + " " + dir / "messy.flow", &r.out);
  CHECK(r.status == 1);
  CHECK(r.out.rfind("--- " + dir / "messy.flow" + "\n+++ " + dir / "messy.flow" + "\n@@ -1,2 +1,2 @@\n", 0) == 0);
  write(dir / "fix.diff", r.out);
  CHECK(run_command("patch -s -p0 -d / < " + dir / "fix.diff") == 0);
  CHECK(read_text(dir / "messy.flow") == formatted);
  r.status = run_command(kFlowc + " fmt --check " + dir / "tidy.flow" + " " + dir / "messy.flow", &r.out);
  CHECK(r.status == 0);
  CHECK(r.out.empty());

  write(dir / "messy.flow", messy);
  r.status = run_command(kFlowc + " fmt --list " + dir / "tidy.flow" + " " + dir / "messy.flow", &r.out);
  CHECK(r.status == 1);
  CHECK(r.out == dir / "messy.flow" + "\n");

  // A syntax error: diagnostics on standard error, nothing on standard output.
  write(dir / "broken.flow", "flow F { trigger }\n");
  std::string err_path = dir / "err.txt";
  r.status = run_command(kFlowc + " fmt - --stdin-filename x.flow < " + dir / "broken.flow" + " 2>" + err_path, &r.out);
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(contains(read_text(err_path), "x.flow:1:18: error[E001]"));
}
