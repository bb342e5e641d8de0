// `flowc completion bash|zsh|fish`: a completion script for the shell,
// written from the command line's own definition (main.cpp's CLI11 app),
// so that it never falls behind the commands and options: commands and
// `state` subcommands, each command's options, the values of options that
// take one of a set (`--format`, `--engine`, `--color`), folders for
// `--allow-path`, files elsewhere (docs/tooling.md, "Shell completion").
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace flowc::cli {

struct CompletionOption {
  std::vector<std::string> names;    // "--format", "-W"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices;  // the values it takes, when a set
  bool folder = false;               // its value is a folder
};

struct CompletionCommand {
  std::vector<std::string> path;  // {} for flowc itself, {"state", "inspect"}
  std::string description;
  std::vector<std::string> subcommands;
  std::vector<CompletionOption> options;
};

// Every command of `app`, depth first; hidden options (no group) left out.
std::vector<CompletionCommand> completion_tree(CLI::App& app);

std::string bash_completion(const std::vector<CompletionCommand>& commands);
// zsh runs the bash function through bashcompinit (zsh's own module for it).
std::string zsh_completion(const std::vector<CompletionCommand>& commands);
std::string fish_completion(const std::vector<CompletionCommand>& commands);

}  // namespace flowc::cli
