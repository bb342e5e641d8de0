#include "cli_conventions.h"

#include <fmt/format.h>

#include <vector>

#include "diag/suggest.h"

namespace flowc::cli {

namespace {

// "flowc state inspect": the command an error belongs to, from the
// subcommands parsed so far.
std::string command_path(const CLI::App* app) {
  std::string path = app->get_name();
  for (const CLI::App* sub = app; sub;) {
    const std::vector<const CLI::App*> parsed = sub->get_subcommands([](const CLI::App* a) { return a->parsed(); });
    sub = parsed.empty() ? nullptr : parsed.front();
    if (sub) path += " " + sub->get_name();
  }
  return path;
}

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

CLI::App* find_command(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    if (sub->check_name(name)) return sub;
  return nullptr;
}

}  // namespace

std::string version_text(std::string_view allocator) {
#ifdef FLOWC_HAVE_JIT
  const std::string engines = fmt::format("vm, jit on LLVM {}", FLOWC_LLVM_VERSION);
#else
  const std::string engines = "vm";
#endif
  if (allocator.empty()) return fmt::format("flowc {} (engines: {})", FLOWC_VERSION, engines);
  return fmt::format("flowc {} (engines: {}; allocator: {})", FLOWC_VERSION, engines, allocator);
}

void use_flowc_error_messages(CLI::App& app) {
  app.failure_message([](const CLI::App* top, const CLI::Error& e) {
    return fmt::format("flowc: error: {}\nRun `{} --help` for more information.\n", e.what(), command_path(top));
  });
}

std::optional<std::string> unknown_command_error(CLI::App& app, int argc, const char* const* argv) {
  CLI::App* current = &app;
  std::string path = app.get_name();
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    // Options end the command words; a command without subcommands takes
    // the words after it as its own arguments (files).
    if (word.empty() || word[0] == '-' || current->get_subcommands([](CLI::App*) { return true; }).empty())
      return std::nullopt;
    CLI::App* next = find_command(*current, word);
    if (!next) {
      const std::string hint = closest_name(word, command_names(*current));
      return fmt::format("flowc: error: `{}` is not a `{}` command{}\nRun `{} --help` for the list of commands.\n", word,
                         path, hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint), path);
    }
    current = next;
    path += " " + word;
  }
  return std::nullopt;
}

void add_color_option(CLI::App* command, std::string& value) {
  command->add_option("--color", value, "Colour the diagnostics: auto (default: on a terminal), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

}  // namespace flowc::cli
