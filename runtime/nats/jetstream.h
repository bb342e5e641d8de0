// A connection to a NATS server and its JetStream context (Debian's nats.c
// 3.4, `libnats-dev`): what flowc's scale-out commands need of it, and
// nothing of nats.c's types in this header (only jetstream.cpp includes
// <nats/nats.h>). Every failure is an Error whose message names what was
// being done and what the server or client said.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowc::nats {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct StreamConfig {
  std::string name;
  std::vector<std::string> subjects;
  std::string description;
  int64_t duplicate_window_seconds = 120;  // the server's own default
  int replicas = 1;
};

struct StreamInfo {
  std::string description;
  uint64_t messages = 0;
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  int64_t duplicate_window_seconds = 0;
};

struct StoredMessage {
  std::string subject;
  std::string data;
  Headers headers;
};

class JetStream {
 public:
  // Connects to `url` (nats://host:port), failing after `timeout_ms`.
  static std::unique_ptr<JetStream> connect(const std::string& url, int timeout_ms = 5000);
  ~JetStream();
  JetStream(const JetStream&) = delete;
  JetStream& operator=(const JetStream&) = delete;

  // The stream named `name`, nullopt when there is none.
  std::optional<StreamInfo> stream_info(const std::string& name);
  // Makes the stream, or brings an existing one to `config`.
  StreamInfo ensure_stream(const StreamConfig& config);

  // Publishes `data` on `subject` without waiting for the acknowledgement;
  // `message_id` is its Nats-Msg-Id (a repeat of an id within the stream's
  // duplicate window is dropped by the server). wait_for_acks() waits for
  // every publish so far and says how many were stored and how many were
  // dropped as repeats; it throws if any failed.
  void publish(const std::string& subject, std::string_view data, const std::string& message_id,
               const Headers& headers = {});
  struct Acks {
    uint64_t stored = 0;
    uint64_t duplicates = 0;
  };
  Acks wait_for_acks(int timeout_ms = 60000);

  // The message at `sequence` of stream `stream` (nullopt: none there).
  std::optional<StoredMessage> get(const std::string& stream, uint64_t sequence);

 private:
  struct Impl;
  explicit JetStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace flowc::nats
