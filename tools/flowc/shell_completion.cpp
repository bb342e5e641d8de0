#include "shell_completion.h"

#include <fmt/format.h>

namespace flowc::cli {

namespace {

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

// "TEXT:{vm,jit}" (CLI11's type name with an IsMember check): {vm, jit}.
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  const size_t open = type_name.find(":{"), close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return out;
  const std::string list = type_name.substr(open + 2, close - open - 2);
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

CompletionOption option_of(const CLI::Option& o) {
  CompletionOption c;
  for (const std::string& s : o.get_snames()) c.names.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) c.names.push_back("--" + l);
  c.description = o.get_description();
  c.takes_value = o.get_items_expected_max() > 0;  // flags expect none
  c.choices = choices_of(o.get_type_name());
  c.folder = o.get_type_name().rfind("DIR", 0) == 0;
  return c;
}

void add_command(CLI::App& app, std::vector<std::string> path, std::vector<CompletionCommand>& out) {
  CompletionCommand command;
  command.path = path;
  command.description = app.get_description();
  for (const CLI::Option* o : app.get_options())
    if (!o->get_group().empty() && !o->get_lnames().empty()) command.options.push_back(option_of(*o));
  std::vector<CLI::App*> subcommands = app.get_subcommands([](CLI::App*) { return true; });
  for (CLI::App* sub : subcommands) command.subcommands.push_back(sub->get_name());
  out.push_back(command);
  for (CLI::App* sub : subcommands) {
    std::vector<std::string> child = path;
    child.push_back(sub->get_name());
    add_command(*sub, child, out);
  }
}

std::string all_names(const CompletionCommand& command) {
  std::vector<std::string> names;
  for (const CompletionOption& o : command.options) names.insert(names.end(), o.names.begin(), o.names.end());
  return joined(names);
}

// The bash function: which command the words so far name, then what the
// word under the cursor may be.
std::string bash_function(const std::vector<CompletionCommand>& commands) {
  std::string walk, values, options, subcommands;
  for (const CompletionCommand& c : commands) {
    const std::string key = joined(c.path);
    for (const std::string& sub : c.subcommands)
      walk += fmt::format("      \"{}|{}\") path=\"{}\" ;;\n", key, sub, key.empty() ? sub : key + " " + sub);
    for (const CompletionOption& o : c.options) {
      if (!o.takes_value) continue;
      const std::string reply = !o.choices.empty() ? fmt::format("compgen -W \"{}\" -- \"$cur\"", joined(o.choices))
                                : o.folder          ? "compgen -d -- \"$cur\""
                                                    : "compgen -f -- \"$cur\"";
      for (const std::string& name : o.names)
        values += fmt::format("    \"{}|{}\") COMPREPLY=($({})); return ;;\n", key, name, reply);
    }
    options += fmt::format("      \"{}\") COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", key, all_names(c));
    if (!c.subcommands.empty())
      subcommands +=
          fmt::format("    \"{}\") COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", key, joined(c.subcommands));
  }
  return fmt::format(R"(_flowc() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local path="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$path|${{COMP_WORDS[i]}}" in
{}    esac
  done
  case "$path|$prev" in
{}  esac
  if [[ "$cur" == -* ]]; then
    case "$path" in
{}    esac
    return
  fi
  case "$path" in
{}  esac
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -f -- "$cur"))
}}
complete -F _flowc flowc
)",
                     walk, values, options, subcommands);
}

// fish quotes: single quotes, with \ and ' escaped.
std::string fish_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::vector<CompletionCommand> completion_tree(CLI::App& app) {
  std::vector<CompletionCommand> out;
  add_command(app, {}, out);
  return out;
}

std::string bash_completion(const std::vector<CompletionCommand>& commands) {
  return "# flowc completion bash: `source <(flowc completion bash)`, or save it as\n"
         "# /usr/share/bash-completion/completions/flowc\n" +
         bash_function(commands);
}

std::string zsh_completion(const std::vector<CompletionCommand>& commands) {
  return "#compdef flowc\n"
         "# flowc completion zsh: save it as _flowc in a folder of $fpath, or `source <(flowc completion zsh)`\n"
         "autoload -U +X bashcompinit && bashcompinit\n" +
         bash_function(commands);
}

std::string fish_completion(const std::vector<CompletionCommand>& commands) {
  std::string walk;
  for (const CompletionCommand& c : commands)
    for (const std::string& sub : c.subcommands) {
      const std::string key = joined(c.path);
      walk += fmt::format("            case {}\n                set path {}\n", fish_quoted(key + "|" + sub),
                          fish_quoted(key.empty() ? sub : key + " " + sub));
    }
  std::string out = fmt::format(R"(# flowc completion fish: save it as ~/.config/fish/completions/flowc.fish
# True when the words before the cursor name the command `want` ("" for flowc itself).
function __flowc_at -a want
    set -l path ''
    for word in (commandline -opc)[2..-1]
        switch "$path|$word"
{}        end
    end
    test "$path" = "$want"
end
)",
                                walk);
  for (const CompletionCommand& c : commands) {
    const std::string at = fmt::format("-n {}", fish_quoted("__flowc_at " + fish_quoted(joined(c.path))));
    for (const std::string& sub : c.subcommands) {
      std::string description;
      for (const CompletionCommand& child : commands)
        if (child.path.size() == c.path.size() + 1 && child.path.back() == sub &&
            std::equal(c.path.begin(), c.path.end(), child.path.begin()))
          description = child.description;
      out += fmt::format("complete -c flowc {} -f -a {} -d {}\n", at, fish_quoted(sub), fish_quoted(description));
    }
    for (const CompletionOption& o : c.options) {
      std::string names;
      for (const std::string& n : o.names) names += n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1);
      std::string value;
      if (!o.choices.empty()) value = " -x -a " + fish_quoted(joined(o.choices));
      else if (o.folder) value = " -x -a '(__fish_complete_directories)'";
      else if (o.takes_value) value = " -r";
      out += fmt::format("complete -c flowc {}{}{} -d {}\n", at, names, value, fish_quoted(o.description));
    }
  }
  return out;
}

}  // namespace flowc::cli
