// A NATS server with JetStream for one test (Debian's nats-server): started
// on a free loopback port with its store in a temporary folder, ready once a
// client connects, killed and its folder removed when the test is done.
// Without the binary, available() is false and the test says it skipped.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "background_process.h"
#include "nats/jetstream.h"
#include "temp_folder.h"

namespace flowc::testing {

class NatsServer {
 public:
  explicit NatsServer(const std::string& name) : folder_(name) {
    const std::string binary = find_binary();
    if (binary.empty()) return;
    for (int attempt = 0; attempt < 3 && !ready_; ++attempt) {  // a port taken in between: another one
      const int port = free_port();
      url_ = "nats://127.0.0.1:" + std::to_string(port);
      process_ = std::make_unique<BackgroundProcess>(
          binary + " -js -a 127.0.0.1 -p " + std::to_string(port) + " -sd " + folder_ / "store" + " -l " +
              folder_ / "server.log",
          false);
      ready_ = wait_until([&] { return connects(); }, 20);
      if (!ready_) process_.reset();
    }
  }

  bool available() const { return ready_; }
  const std::string& url() const { return url_; }
  std::unique_ptr<nats::JetStream> connect() const { return nats::JetStream::connect(url_); }

 private:
  static std::string find_binary() {
    for (const char* candidate : {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"})
      if (std::filesystem::exists(candidate)) return candidate;
    return "";
  }
  // A port nothing listens on now (the kernel's pick for port 0).
  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0)
      port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
  }
  bool connects() const {
    try {
      return nats::JetStream::connect(url_, 500) != nullptr;
    } catch (const nats::Error&) {
      return false;
    }
  }

  TempFolder folder_;
  std::string url_;
  std::unique_ptr<BackgroundProcess> process_;  // killed before the folder goes
  bool ready_ = false;
};

}  // namespace flowc::testing
