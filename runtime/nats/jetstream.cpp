// The JetStream connection (jetstream.h) over nats.c 3.4.
//
// Publishing is asynchronous (js_PublishMsgAsync): the client keeps up to
// kMaxPending messages in flight and calls on_ack for each acknowledgement,
// from its own thread; the counters it updates are atomics, and the first
// failure is kept (under a mutex) for wait_for_acks to throw.
#include "nats/jetstream.h"

#include <fmt/format.h>
#include <nats/nats.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

namespace flowc::nats {

namespace {

constexpr int64_t kNanosPerSecond = 1000000000;
constexpr int64_t kMaxPending = 4096;

// The client's last error says where in its sources it arose, "(conn.c:2088):
// " before the text: the place is dropped, and the text when it only says
// the status again.
[[noreturn]] void fail(const std::string& doing, natsStatus status) {
  std::string detail = nats_GetLastError(nullptr) ? nats_GetLastError(nullptr) : "";
  if (!detail.empty() && detail.front() == '(')
    if (const size_t end = detail.find("): "); end != std::string::npos) detail.erase(0, end + 3);
  const std::string text = natsStatus_GetText(status);
  if (detail.empty() || detail == text) throw Error(fmt::format("{}: {}", doing, text));
  throw Error(fmt::format("{}: {}: {}", doing, text, detail));
}

void check(const std::string& doing, natsStatus status) {
  if (status != NATS_OK) fail(doing, status);
}

StreamInfo info_of(const jsStreamInfo* si) {
  StreamInfo out;
  if (si->Config && si->Config->Description) out.description = si->Config->Description;
  if (si->Config) out.duplicate_window_seconds = si->Config->Duplicates / kNanosPerSecond;
  out.messages = si->State.Msgs;
  out.first_sequence = si->State.FirstSeq;
  out.last_sequence = si->State.LastSeq;
  return out;
}

}  // namespace

struct JetStream::Impl {
  natsOptions* options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  std::atomic<uint64_t> stored{0}, duplicates{0};
  std::mutex failure_mutex;
  std::string failure;  // the first failed publish, "" while none

  ~Impl() {
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    natsOptions_Destroy(options);
  }

  static void on_ack(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    if (error) {
      std::lock_guard<std::mutex> lock(self->failure_mutex);
      if (self->failure.empty())
        self->failure = fmt::format("publishing on `{}` failed: {}{}{}", natsMsg_GetSubject(msg),
                                    natsStatus_GetText(error->Err), error->ErrText ? ": " : "",
                                    error->ErrText ? error->ErrText : "");
    } else if (ack && ack->Duplicate) {
      self->duplicates.fetch_add(1, std::memory_order_relaxed);
    } else {
      self->stored.fetch_add(1, std::memory_order_relaxed);
    }
    natsMsg_Destroy(msg);
  }
};

JetStream::JetStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JetStream::~JetStream() = default;

std::unique_ptr<JetStream> JetStream::connect(const std::string& url, int timeout_ms) {
  auto impl = std::make_unique<Impl>();
  const std::string doing = fmt::format("cannot connect to the NATS server at `{}`", url);
  check(doing, natsOptions_Create(&impl->options));
  check(doing, natsOptions_SetURL(impl->options, url.c_str()));
  check(doing, natsOptions_SetTimeout(impl->options, timeout_ms));
  check(doing, natsConnection_Connect(&impl->connection, impl->options));
  jsOptions options;
  jsOptions_Init(&options);
  options.Wait = timeout_ms;
  options.PublishAsync.MaxPending = kMaxPending;
  options.PublishAsync.AckHandler = &Impl::on_ack;
  options.PublishAsync.AckHandlerClosure = impl.get();
  check(fmt::format("cannot use JetStream at `{}` (is the server started with -js?)", url),
        natsConnection_JetStream(&impl->js, impl->connection, &options));
  return std::unique_ptr<JetStream>(new JetStream(std::move(impl)));
}

std::optional<StreamInfo> JetStream::stream_info(const std::string& name) {
  jsStreamInfo* si = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const natsStatus s = js_GetStreamInfo(&si, impl_->js, name.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND) return std::nullopt;
  check(fmt::format("cannot read stream `{}`", name), s);
  StreamInfo out = info_of(si);
  jsStreamInfo_Destroy(si);
  return out;
}

StreamInfo JetStream::ensure_stream(const StreamConfig& config) {
  std::vector<const char*> subjects;
  for (const std::string& s : config.subjects) subjects.push_back(s.c_str());
  jsStreamConfig sc;
  jsStreamConfig_Init(&sc);
  sc.Name = config.name.c_str();
  sc.Description = config.description.c_str();
  sc.Subjects = subjects.data();
  sc.SubjectsLen = static_cast<int>(subjects.size());
  sc.Storage = js_FileStorage;
  sc.Replicas = config.replicas;
  sc.Duplicates = config.duplicate_window_seconds * kNanosPerSecond;
  sc.AllowDirect = true;
  jsStreamInfo* si = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_AddStream(&si, impl_->js, &sc, nullptr, &code);
  if (s == NATS_ERR && code == JSStreamNameExistErr) s = js_UpdateStream(&si, impl_->js, &sc, nullptr, &code);
  check(fmt::format("cannot create stream `{}`", config.name), s);
  StreamInfo out = info_of(si);
  jsStreamInfo_Destroy(si);
  return out;
}

void JetStream::publish(const std::string& subject, std::string_view data, const std::string& message_id,
                        const Headers& headers) {
  const std::string doing = fmt::format("cannot publish on `{}`", subject);
  natsMsg* msg = nullptr;
  check(doing, natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(), static_cast<int>(data.size())));
  for (const auto& [name, value] : headers) {
    const natsStatus s = natsMsgHeader_Set(msg, name.c_str(), value.c_str());
    if (s != NATS_OK) {
      natsMsg_Destroy(msg);
      fail(doing, s);
    }
  }
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MsgId = message_id.c_str();
  const natsStatus s = js_PublishMsgAsync(impl_->js, &msg, &options);  // takes the message when it succeeds
  if (s != NATS_OK) {
    natsMsg_Destroy(msg);
    fail(doing, s);
  }
}

JetStream::Acks JetStream::wait_for_acks(int timeout_ms) {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MaxWait = timeout_ms;
  check("waiting for the server to acknowledge what was published", js_PublishAsyncComplete(impl_->js, &options));
  {
    std::lock_guard<std::mutex> lock(impl_->failure_mutex);
    if (!impl_->failure.empty()) throw Error(impl_->failure);
  }
  return Acks{impl_->stored.load(), impl_->duplicates.load()};
}

std::optional<StoredMessage> JetStream::get(const std::string& stream, uint64_t sequence) {
  natsMsg* msg = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const natsStatus s = js_GetMsg(&msg, impl_->js, stream.c_str(), sequence, nullptr, &code);
  if (s == NATS_NOT_FOUND) return std::nullopt;
  check(fmt::format("cannot read message {} of stream `{}`", sequence, stream), s);
  StoredMessage out;
  out.subject = natsMsg_GetSubject(msg);
  out.data.assign(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  const char** keys = nullptr;
  int count = 0;
  if (natsMsgHeader_Keys(msg, &keys, &count) == NATS_OK) {
    for (int i = 0; i < count; ++i) {
      const char* value = nullptr;
      if (natsMsgHeader_Get(msg, keys[i], &value) == NATS_OK) out.headers.emplace_back(keys[i], value ? value : "");
    }
    free(static_cast<void*>(keys));
  }
  natsMsg_Destroy(msg);
  return out;
}

}  // namespace flowc::nats
