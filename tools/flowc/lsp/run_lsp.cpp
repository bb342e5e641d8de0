// `flowc lsp`: the language server on standard input and output.
#include <iostream>

#include "commands.h"
#include "lsp/server.h"
#include "lsp/transport.h"

namespace flowc::cli {

int run_lsp(const std::vector<std::string>& allowed_paths) {
  std::ios::sync_with_stdio(false);
  lsp::Transport transport(std::cin, std::cout);
  lsp::Server server(transport, allowed_paths);
  return server.run();
}

}  // namespace flowc::cli
