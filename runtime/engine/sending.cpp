// Sends: statuses and reviews, reachability, smart sending, quiet hours,
// template rendering and UTM parameters (RUNTIME.md sections 4, 5, 8).
#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <utility>

#include "engine/context.h"
#include "engine/engine.h"
#include "engine/send_id.h"
#include "events/reader.h"
#include "stdlib/sms.h"
#include "vm/vm.h"

namespace flowc::engine {

namespace {

SendChannel send_channel(ir::Channel c) { return static_cast<SendChannel>(static_cast<int>(c)); }

ir::ConsentChannel consent_channel_for(ir::Channel c, bool transactional) {
  switch (c) {
    case ir::Channel::Email: return ir::ConsentChannel::Email;
    case ir::Channel::Sms: return transactional ? ir::ConsentChannel::SmsTransactional : ir::ConsentChannel::Sms;
    case ir::Channel::Push: return ir::ConsentChannel::Push;
    case ir::Channel::Whatsapp: return ir::ConsentChannel::Whatsapp;
  }
  return ir::ConsentChannel::Email;
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

const char* kLinkBase = "https://links.flowc.example/";

// A UTM value with its placeholders replaced, in one pass over the value as
// written: what a name brings in is not substituted again (a flow named
// "Promo {name}" was substituted into itself for ever).
std::string fill_placeholders(std::string_view written,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> replacements) {
  std::string out;
  for (size_t at = 0; at < written.size();) {
    const auto match = std::find_if(replacements.begin(), replacements.end(),
                                    [&](const auto& r) { return written.substr(at).starts_with(r.first); });
    if (match == replacements.end()) {
      out += written[at++];
    } else {
      out += match->second;
      at += match->first.size();
    }
  }
  return out;
}

}  // namespace

std::string Engine::add_utm(const std::string& text, bool html, std::string_view channel, std::string_view name,
                            std::string_view message) const {
  std::string query;
  for (const auto& [key, value] : module_.account.utm_params) {
    const std::string v = fill_placeholders(value, {{"{channel}", channel}, {"{name}", name}, {"{message}", message}});
    if (!query.empty()) query += '&';
    query += "utm_";
    query += key;
    query += '=';
    query += url_encode(v);
  }
  if (query.empty()) return text;
  // Appends `url` with the query added before any fragment (the
  // unsubscribe and preference links stay as they are). Views and appends
  // throughout: a body is kilobytes and has a dozen links, and copying the
  // text between them into temporaries was half of this function's cost.
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  auto append_tagged = [&](std::string_view url) {
    if (url.starts_with(kLinkBase)) {
      out += url;
      return;
    }
    const size_t hash = url.find('#');
    const std::string_view base = url.substr(0, hash), fragment = hash == std::string_view::npos ? "" : url.substr(hash);
    out += base;
    out += base.find('?') == std::string_view::npos ? '?' : '&';
    out += query;
    out += fragment;
  };
  const std::string_view view(text);
  constexpr size_t npos = std::string_view::npos;
  size_t i = 0;
  while (i < view.size()) {
    size_t start = npos;
    size_t end = npos;
    if (html) {
      // href="http..." or href='http...'
      const size_t h = view.find("href=", i);
      if (h != npos && h + 6 < view.size() && (view[h + 5] == '"' || view[h + 5] == '\'')) {
        const char quote = view[h + 5];
        const size_t close = view.find(quote, h + 6);
        const std::string_view url = close == npos ? std::string_view() : view.substr(h + 6, close - h - 6);
        if (url.starts_with("http://") || url.starts_with("https://")) {
          start = h + 6;
          end = close;
        } else if (close != npos) {
          out += view.substr(i, close - i);
          i = close;
          continue;
        }
      } else if (h != npos) {
        out += view.substr(i, h + 5 - i);  // an `href=` without a quoted value
        i = h + 5;
        continue;
      }
    } else {
      const size_t a = view.find("http://", i), b = view.find("https://", i);
      start = std::min(a, b);
      if (start != npos) {
        end = start;
        while (end < view.size() && !std::isspace(static_cast<unsigned char>(view[end]))) ++end;
        // Sentence punctuation after a link is not part of it.
        while (end > start && std::string_view(".,;:!?)").find(view[end - 1]) != npos) --end;
      }
    }
    if (start == npos || end == npos) {
      out += view.substr(i);
      break;
    }
    out += view.substr(i, start - i);
    append_tagged(view.substr(start, end - start));
    i = end;
  }
  return out;
}

void Engine::emit_send(uint32_t index, const Origin& origin, const ir::StepDef& step,
                       const std::vector<ir::Value>* event, int64_t run_started, uint32_t occurrence,
                       uint32_t send_origin) {
  Profile& p = profiles_[index];
  const ir::MessageDef* message = step.message != ir::kNone ? &module_.messages[step.message] : nullptr;
  bool transactional = message && message->transactional;
  std::string id = send_id_for(origin.source, origin.name, origin.step, p.id(), occurrence, clock_);
  ProfileContext ctx(*this, index, clock_);
  ctx.with_event(event).with_run_start(run_started);
  ctx.with_links(kLinkBase + std::string("unsubscribe/") + id, kLinkBase + std::string("preferences/") + id);
  auto render = [&](ir::Index chunk) { return chunk == ir::kNone ? std::string() : eval_.render(chunk, ctx); };
  const char* channel = ir::channel_name(step.channel);
  const std::string_view message_name = message ? std::string_view(message->name) : origin.step;
  bool utm = step.utm && module_.account.utm;
  auto with_utm = [&](std::string text, bool html) {
    // {message} is the step name: the `as` label or the message name.
    return utm ? add_utm(text, html, channel, origin.name, origin.step) : text;
  };

  JsonLine line = activity_.start(clock_, "send", p.id(), origin);
  line.str("send_id", id);
  line.str("to", step.channel == ir::Channel::Email ? p.email.view()
                 : step.channel == ir::Channel::Sms || step.channel == ir::Channel::Whatsapp ? p.phone.view()
                                                                                             : std::string_view(p.id()));
  std::string body;
  if (message) {
    if (message->subject != ir::kNone) line.str("subject", render(message->subject));
    if (message->preview != ir::kNone) line.str("preview", render(message->preview));
    if (message->title != ir::kNone) line.str("title", render(message->title));
    body = with_utm(render(message->body), step.channel == ir::Channel::Email);
  } else {
    body = with_utm(render(step.inline_body), false);
  }
  line.str("body", body);
  add_consent(line, p, consent_channel_for(step.channel, transactional));
  activity_.emit(line);

  p.last_sent[static_cast<size_t>(send_channel(step.channel))] = clock_;
  log_send(index, id, send_origin);
  set_last_outbound(p, origin.source, origin.name);
  count_send(p, step.channel, body);
  const char* received = step.channel == ir::Channel::Email ? "Received Email"
                         : step.channel == ir::Channel::Sms ? "Received SMS"
                                                            : nullptr;
  SegmentChange change;  // of what segments read, a send changes only the "Received ..." count
  if (received)
    change.metric = record_builtin_metric(
        index, received, {{"send_id", id}, {"message", message_name}, {"source", origin.source}, {"name", origin.name}});
  update_segments(index, true, &change);
}

std::string Engine::send_blocker(const Profile& p, ir::Channel channel, bool transactional, bool smart_sending) const {
  std::string reason = unreachable_reason(p, channel, transactional);
  if (!reason.empty()) return reason;
  // Smart sending: nothing on the same channel within the account's window.
  int64_t window = module_.account.smart_sending_seconds[static_cast<int>(channel)];
  int64_t last = p.last_sent[static_cast<size_t>(send_channel(channel))];
  if (smart_sending && last >= 0 && clock_ - last < window) return "smart_sending";
  return "";
}

int64_t Engine::defer_for_quiet_hours(const Profile& p, const Origin& origin, ir::Channel channel, bool transactional) {
  if (channel != ir::Channel::Sms || transactional || module_.account.quiet_start_minute < 0) return -1;
  int64_t until = rt::quiet_hours_end(clock_, module_.account.quiet_start_minute, module_.account.quiet_end_minute,
                                      zone_for(p, true));
  if (until <= clock_) return -1;
  JsonLine line = activity_.start(clock_, "deferred", p.id(), origin);
  line.str("reason", "quiet_hours");
  // Quiet hours ending after 9999 never end (the wake-up is not scheduled).
  if (events::in_time_range(until)) line.str("until", events::format_rfc3339(until));
  activity_.emit(line);
  return until;
}

void Engine::set_last_outbound(Profile& p, std::string_view source, std::string_view name) {
  // Few distinct origins (the program's flows, campaigns and automations):
  // a profile keeps a 4-byte index instead of two strings.
  auto [it, added] = outbound_origin_ids_.emplace(std::make_pair(std::string(source), std::string(name)), 0);
  if (added) {
    it->second = static_cast<uint32_t>(outbound_origins_.size());
    outbound_origins_.push_back(it->first);
  }
  p.last_outbound = static_cast<uint16_t>(std::min<uint32_t>(it->second, Profile::kNoOutbound - 1));
}

Engine::SendOutcome Engine::send_flow_step(uint32_t run_id, const ir::StepDef& step, bool from_review) {
  FlowRun& run = runs_[run_id];
  const ir::FlowDef& flow = module_.flows[run.flow];
  Profile& p = profiles_[run.profile];
  uint32_t step_index = static_cast<uint32_t>(&step - flow.steps.data());
  Origin origin{"flow", flow.name, step.name, ir::channel_name(step.channel)};
  StepCounters& counters = report_.flows[run.flow].steps[step_index];
  auto skip = [&](const std::string& reason) {
    ++counters.skipped[reason];
    JsonLine line = activity_.start(clock_, "skip", p.id(), origin);
    line.str("reason", reason);
    activity_.emit(line);
    return SendOutcome::Skipped;
  };
  if (!from_review) {
    if (step.status == ir::Status::Draft) return skip("draft");
    if (step.status == ir::Status::Manual) {
      reviews_.push_back(
          ReviewItem{run.flow, step_index, run.profile, run_id, run.event, run.has_event, true, next_review_seq_++});
      ++run.open_reviews;
      activity_.emit(activity_.start(clock_, "review_queued", p.id(), origin));
      return SendOutcome::Queued;
    }
  }
  const ir::MessageDef* message = step.message != ir::kNone ? &module_.messages[step.message] : nullptr;
  bool transactional = message && message->transactional;
  std::string reason = send_blocker(p, step.channel, transactional, step.smart_sending);
  if (!reason.empty()) return skip(reason);
  if (!from_review) {
    int64_t until = defer_for_quiet_hours(p, origin, step.channel, transactional);
    if (until >= 0) {
      ++run.wakeups;
      scheduler_.schedule(until, WakeKind::ResumeRun, run.profile, run_id);
      return SendOutcome::Deferred;
    }
  }
  ++counters.sent;
  uint32_t send_origin = sends_.origin(SendOrigin{SendOrigin::Kind::Flow, step.channel, run.flow, step_index, 0, "flow",
                                                  flow.name, step.name, message ? message->name : step.name});
  emit_send(run.profile, origin, step, run.has_event ? &run.event : nullptr, run.started, run.occurrence, send_origin);
  return SendOutcome::Sent;
}

void Engine::apply_review(const events::Record& record) {
  for (ReviewItem& item : reviews_) {
    if (!item.open) continue;
    const ir::FlowDef& flow = module_.flows[item.flow];
    const ir::StepDef& step = flow.steps[item.step];
    if (flow.name != record.flow || step.name != record.step) continue;
    if (!record.profile.empty() && std::as_const(profiles_)[item.profile].id() != record.profile) continue;
    item.open = false;
    changed_profiles_.mark(item.profile);  // the review leaves its profile's record
    // The run's slot stays while this review is handled, then may be reused.
    struct Release {
      Engine& engine;
      uint32_t run;
      ~Release() {
        --engine.runs_[run].open_reviews;
        engine.release_run_if_done(run);
      }
    } release{*this, item.run};
    if (record.decision == "send") {
      // All checks are made again at review time, the flow's filters included.
      if (!filters_hold(flow, item.profile, &runs_[item.run])) {
        ++report_.flows[item.flow].steps[item.step].skipped["profile_filter"];
        JsonLine line = activity_.start(clock_, "skip", profiles_[item.profile].id(),
                                        Origin{"flow", flow.name, step.name, ir::channel_name(step.channel)});
        line.str("reason", "profile_filter");
        activity_.emit(line);
        continue;
      }
      // The run may have ended meanwhile: the review kept the trigger event.
      runs_[item.run].event = item.event;
      runs_[item.run].has_event = item.has_event;
      send_flow_step(item.run, step, true);
    } else {
      ++report_.flows[item.flow].steps[item.step].skipped["cancelled"];
      JsonLine line = activity_.start(clock_, "skip", profiles_[item.profile].id(),
                                      Origin{"flow", flow.name, step.name, ir::channel_name(step.channel)});
      line.str("reason", "cancelled");
      activity_.emit(line);
    }
  }
  // Decided reviews are done with; the open ones keep their order.
  reviews_.erase(std::remove_if(reviews_.begin(), reviews_.end(), [](const ReviewItem& r) { return !r.open; }),
                 reviews_.end());
}

}  // namespace flowc::engine
