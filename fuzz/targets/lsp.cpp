// Fuzz target `lsp`: bytes as the language server's standard input, served
// in-process by lsp::Server until `exit` or the end of the bytes; what the
// server writes is discarded. Documents opened by the input name paths the
// fuzzer makes up; seeds use file:///flowc-fuzz/..., a folder that does not
// exist, so their imports find nothing.
#include <sstream>

#include "lsp/server.h"
#include "lsp/transport.h"
#include "targets/support.h"
#include "targets/targets.h"

int flowc_fuzz_lsp(const uint8_t* data, size_t size) {
  std::istringstream in(flowc::fuzz::as_text(data, size));
  flowc::fuzz::NullStream out;
  flowc::lsp::Transport transport(in, out);
  flowc::lsp::Server server(transport);
  server.run();
  return 0;
}
