// JSON-RPC messages as an LSP client sends them, for the language server's
// tests (tests/lsp_test.cpp's recorded sessions, tests/lsp_process.h's live one).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace flowc::testing {

// A message with its Content-Length header.
inline std::string frame(const nlohmann::json& message) {
  const std::string body = message.dump();
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline nlohmann::json request(int id, const std::string& method, nlohmann::json params = nlohmann::json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

inline nlohmann::json notification(const std::string& method, nlohmann::json params = nlohmann::json::object()) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace flowc::testing
