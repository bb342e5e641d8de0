// `flowc lsp` as a live process on two pipes, for tests that must act
// between messages (change files on disk, then tell the server): send a
// message, read the server's messages as they come.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "lsp_messages.h"

namespace flowc::testing {

class LspProcess {
 public:
  LspProcess() {
    ::signal(SIGPIPE, SIG_IGN);  // a server that died makes send() throw, not the test die
    int to_server[2], from_server[2];
    if (::pipe(to_server) != 0 || ::pipe(from_server) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(to_server[0], 0);
      ::dup2(from_server[1], 1);
      ::close(to_server[1]);
      ::close(from_server[0]);
      ::execl(FLOWC_BINARY, FLOWC_BINARY, "lsp", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(to_server[0]);
    ::close(from_server[1]);
    in_ = to_server[1];
    out_ = from_server[0];
  }
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;
  ~LspProcess() {
    ::close(in_);
    ::close(out_);
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  void send(const nlohmann::json& message) {
    const std::string framed = frame(message);
    for (size_t done = 0; done < framed.size();) {
      const ssize_t n = ::write(in_, framed.data() + done, framed.size() - done);
      if (n <= 0) throw std::runtime_error("the server stopped reading");
      done += static_cast<size_t>(n);
    }
  }

  // The server's next message, or none after `timeout` (the test fails then).
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    for (;;) {
      if (auto message = take_buffered()) return message;
      pollfd fd{out_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
      char block[4096];
      const ssize_t n = ::read(out_, block, sizeof block);
      if (n <= 0) return std::nullopt;
      buffer_.append(block, static_cast<size_t>(n));
    }
  }

  // The next message with this method (others are skipped), or none.
  std::optional<nlohmann::json> next_with_method(const std::string& method) {
    while (auto message = next())
      if (message->value("method", "") == method) return message;
    return std::nullopt;
  }

 private:
  std::optional<nlohmann::json> take_buffered() {
    const size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end == std::string::npos) return std::nullopt;
    const size_t length = std::stoul(buffer_.substr(std::string("Content-Length: ").size(), header_end));
    if (buffer_.size() < header_end + 4 + length) return std::nullopt;
    nlohmann::json message = nlohmann::json::parse(buffer_.substr(header_end + 4, length));
    buffer_.erase(0, header_end + 4 + length);
    return message;
  }

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
};

}  // namespace flowc::testing
