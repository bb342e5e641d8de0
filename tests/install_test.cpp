// `cmake --install` (packaging/CMakeLists.txt; docs/tooling.md,
// "Installing"): the binary, the man page help2man makes from
// `flowc --help-all`, the completions `flowc completion` writes and the VS
// Code extension's source land under the prefix, and the installed flowc
// runs. The Debian package built from the same rules is checked by
// scripts/package (not part of CI: it builds a Release and installs the
// package into a fresh Debian root).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "flowc_command.h"
#include "golden.h"
#include "temp_folder.h"

using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::sh_quote;
using flowc::testing::TempFolder;

TEST_CASE("cmake --install: binary, man page, completions and the VS Code extension under the prefix", "[cli]") {
  TempFolder prefix("flowc-install");
  const std::string build = sh_quote(FLOWC_BUILD_DIR);
  std::string out;
  REQUIRE(run_command("cmake --build " + build + " --target flowc_install_files >/dev/null 2>&1 && cmake --install " +
                          build + " --prefix " + sh_quote(prefix.path.string()) + " 2>&1",
                      &out) == 0);
  INFO(out);
  CHECK(run_command(prefix / "bin/flowc --version", &out) == 0);
  CHECK(out.rfind("flowc 0.1.0 (", 0) == 0);
  const std::string man = read_text(prefix / "share/man/man1/flowc.1");
  CHECK(man.find(".TH FLOWC \"1\"") != std::string::npos);
  CHECK(man.find("fmt") != std::string::npos);  // --help-all: every command's options
  CHECK(man.find("\\-\\-stdin\\-filename") != std::string::npos);
  CHECK(read_text(prefix / "share/bash-completion/completions/flowc").find("complete -F _flowc flowc") !=
        std::string::npos);
  CHECK(read_text(prefix / "share/zsh/vendor-completions/_flowc").rfind("#compdef flowc", 0) == 0);
  CHECK(read_text(prefix / "share/fish/vendor_completions.d/flowc.fish").find("complete -c flowc") != std::string::npos);
  CHECK(read_text(prefix / "share/flowc/vscode/package.json").find("\"name\": \"flowc-flow\"") != std::string::npos);
  CHECK(std::filesystem::exists(prefix / "share/flowc/vscode/syntaxes/flow.tmLanguage.json"));
}
