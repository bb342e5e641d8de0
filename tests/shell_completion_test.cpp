// `flowc completion bash|zsh|fish` (docs/tooling.md, "Shell completion"):
// the bash script is run by bash as it completes a command line; zsh runs
// the same function (bashcompinit); the fish script is checked for the
// completions it declares (fish is not installed here).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "flowc_command.h"
#include "golden.h"
#include "temp_folder.h"

namespace {

using flowc::testing::run_command;
using flowc::testing::sh_quote;
using flowc::testing::TempFolder;

std::string script(const std::string& shell) {
  std::string out;
  REQUIRE(run_command(std::string(FLOWC_BINARY) + " completion " + shell, &out) == 0);
  return out;
}

// What bash offers for the last of `words` (the word under the cursor), one per line.
std::string bash_completes(const std::string& words, const std::string& cwd) {
  std::string out;
  const std::string command = "cd " + sh_quote(cwd) + " && bash -c " +
                              sh_quote("source ./completion.bash; COMP_WORDS=(" + words +
                                       "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _flowc; "
                                       "printf \"%s\\n\" \"${COMPREPLY[@]}\" | LC_ALL=C sort");
  REQUIRE(run_command(command, &out) == 0);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("completion bash: commands, state subcommands, options, their values, folders and files", "[cli]") {
  TempFolder dir("flowc-completion");
  const std::string bash = script("bash");
  std::ofstream(dir / "completion.bash") << bash;
  std::ofstream(dir / "acme.flow") << "list L\n";
  std::filesystem::create_directories(dir / "acme");
  const std::string cwd = dir.path.string();
  CHECK(bash_completes("flowc ch", cwd) == "chat\ncheck\n");
  CHECK(bash_completes("flowc st", cwd) == "state\n");
  CHECK(bash_completes("flowc state \"\"", cwd) == "export\ninspect\n");
  CHECK(bash_completes("flowc state inspect --", cwd) == "--help\n--help-all\n--profile\n");
  CHECK(bash_completes("flowc run acme.flow --eng", cwd) == "--engine\n");
  CHECK(bash_completes("flowc run acme.flow --engine \"\"", cwd) == "jit\nvm\n");
  CHECK(bash_completes("flowc check --format s", cwd) == "sarif\n");
  CHECK(bash_completes("flowc check --color \"\"", cwd) == "always\nauto\nnever\n");
  CHECK(bash_completes("flowc check --allow-path \"\"", cwd) == "acme\n");  // folders only
  CHECK(bash_completes("flowc check ac", cwd) == "acme\nacme.flow\n");     // files
  CHECK(bash_completes("flowc --ver", cwd) == "--version\n");
  // Hidden test hooks are not offered.
  CHECK_FALSE(contains(bash_completes("flowc serve --", cwd), "--progress-every"));
  CHECK(contains(bash_completes("flowc serve --", cwd), "--clock-file"));
}

TEST_CASE("completion zsh and fish", "[cli]") {
  const std::string zsh = script("zsh");
  CHECK(zsh.rfind("#compdef flowc\n", 0) == 0);
  CHECK(contains(zsh, "bashcompinit"));
  CHECK(contains(zsh, "complete -F _flowc flowc"));
  const std::string fish = script("fish");
  CHECK(contains(fish, "complete -c flowc -n '__flowc_at \\'\\'' -f -a 'check' -d 'Parse, type-check and lint"));
  CHECK(contains(fish, "complete -c flowc -n '__flowc_at \\'state\\'' -f -a 'inspect'"));
  CHECK(contains(fish, "complete -c flowc -n '__flowc_at \\'check\\'' -l format -x -a 'text json sarif'"));
  CHECK(contains(fish, "complete -c flowc -n '__flowc_at \\'check\\'' -l allow-path -x -a '(__fish_complete_directories)'"));
  CHECK(contains(fish, "-s W -l warnings-as-errors -d 'Exit 1 on warnings too'"));
  CHECK(contains(fish, "-l error-limit -r -d"));
  CHECK(run_command(std::string(FLOWC_BINARY) + " completion tcsh 2>/dev/null") == 2);
}
