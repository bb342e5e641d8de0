// The language server's wire: JSON-RPC messages framed by a `Content-Length`
// header (LSP "Base Protocol"), read from one stream and written to another.
//
// Reading never throws and never gives up on the stream because of one bad
// message: a header block without a usable Content-Length is skipped and
// reported as BadHeader, so the server can go on with the next message.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace flowc::lsp {

class Transport {
 public:
  Transport(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  enum class Status { Message, BadHeader, End };
  // Reads the next message's body into `body`.
  Status read(std::string& body);
  void write(const nlohmann::json& message);

  // A body larger than this is refused (its bytes are skipped).
  static constexpr size_t kMaxBody = 64u << 20;

 private:
  std::istream& in_;
  std::ostream& out_;
};

}  // namespace flowc::lsp
