// The tag of every field of the logical structs (logical.h): the on-disk
// contract of docs/state.md. One `fields` function per struct lists its
// fields in ascending tag order (the decoder relies on that order); the
// encoder, the decoder and the comparison all walk these lists, so a field
// is added in one place.
//
// Rules: a tag is never reused or renumbered; a removed field leaves its
// tag unused; a new field takes the next tag (old readers skip it). Changing
// a field's meaning or type needs a new tag, or a format version bump.
#pragma once

#include "state/logical.h"

namespace flowc::state {

template <class V> void fields(V& v, NamedValue& s) {
  v(1, "name", s.name);
  v(2, "value", s.value);
}
template <class V> void fields(V& v, NamedCount& s) {
  v(1, "name", s.name);
  v(2, "count", s.count);
}
template <class V> void fields(V& v, NamedTime& s) {
  v(1, "name", s.name);
  v(2, "time", s.time);
}
template <class V> void fields(V& v, ConsentEntry& s) {
  v(1, "channel", s.channel);
  v(2, "status", s.status);
  v(3, "has_since", s.has_since);
  v(4, "since", s.since);
}
template <class V> void fields(V& v, WindowEntry& s) {
  v(1, "time", s.time);
  v(2, "value", s.value);
}
template <class V> void fields(V& v, AggregateEntry& s) {
  v(1, "kind", s.kind);
  v(2, "metric", s.metric);
  v(3, "property", s.property);
  v(4, "where", s.where);
  v(5, "window", s.window);
  v(6, "count", s.count);
  v(7, "sum", s.sum);
  v(8, "last", s.last);
  v(9, "entries", s.entries);
  v(10, "since_flow_start", s.since_flow_start);
}
template <class V> void fields(V& v, FlowEntryCount& s) {
  v(1, "flow", s.flow);
  v(2, "count", s.count);
  v(3, "last", s.last);
}
template <class V> void fields(V& v, RunState& s) {
  v(1, "flow", s.flow);
  v(2, "occurrence", s.occurrence);
  v(3, "position", s.position);
  v(4, "resume_at", s.resume_at);
  v(5, "waiting_at", s.waiting_at);
  v(6, "waiting_since", s.waiting_since);
  v(7, "started", s.started);
  v(8, "has_event", s.has_event);
  v(9, "event", s.event);
}
template <class V> void fields(V& v, WakeState& s) {
  v(1, "kind", s.kind);
  v(2, "time", s.time);
  v(3, "seq", s.seq);
  v(4, "flow", s.flow);
  v(5, "occurrence", s.occurrence);
  v(6, "campaign", s.campaign);
  v(7, "path", s.path);
  v(8, "message", s.message);
  v(9, "channel", s.channel);
  v(10, "generation", s.generation);
}
template <class V> void fields(V& v, ReviewState& s) {
  v(1, "flow", s.flow);
  v(2, "step", s.step);
  v(3, "occurrence", s.occurrence);
  v(4, "seq", s.seq);
  v(5, "has_event", s.has_event);
  v(6, "event", s.event);
}
template <class V> void fields(V& v, SessionState& s) {
  v(1, "automation", s.automation);
  v(2, "channel", s.channel);
  v(3, "question", s.question);
  v(4, "reprompts", s.reprompts);
  v(5, "answers", s.answers);
  v(6, "last_message", s.last_message);
  v(7, "timeout_generation", s.timeout_generation);
}
template <class V> void fields(V& v, DeliveryState& s) {
  v(1, "campaign", s.campaign);
  v(2, "path", s.path);
  v(3, "message", s.message);
  v(4, "attempt", s.attempt);
  v(5, "occurrence", s.occurrence);
}
template <class V> void fields(V& v, ViewState& s) {
  v(1, "flow", s.flow);
  v(2, "product", s.product);
  v(3, "time", s.time);
  v(4, "event", s.event);
}
template <class V> void fields(V& v, EngagementState& s) {
  v(1, "kind", s.kind);
  v(2, "time", s.time);
  v(3, "origin", s.origin);
}
template <class V> void fields(V& v, ChannelSend& s) {
  v(1, "channel", s.channel);
  // Tag 2 (the send id, format 1) is unused: ids can repeat.
  v(3, "seq", s.seq);
}
template <class V> void fields(V& v, FlowOccurrence& s) {
  v(1, "flow", s.flow);
  v(2, "occurrence", s.occurrence);
}
template <class V> void fields(V& v, ProfileState& s) {
  v(1, "id", s.id);
  v(2, "ordinal", s.ordinal);
  v(3, "email", s.email);
  v(4, "phone", s.phone);
  v(5, "owns_phone", s.owns_phone);
  v(6, "created", s.created);
  v(7, "properties", s.properties);
  v(8, "last_sent", s.last_sent);
  v(9, "lists", s.lists);
  v(10, "segments", s.segments);
  v(11, "segments_evaluated", s.segments_evaluated);
  v(12, "aggregates", s.aggregates);
  v(13, "consents", s.consents);
  v(14, "suppressed", s.suppressed);
  v(15, "email_pending_confirmation", s.email_pending_confirmation);
  v(16, "lists_pending_confirmation", s.lists_pending_confirmation);
  v(17, "messaged_month", s.messaged_month);
  v(18, "has_last_outbound", s.has_last_outbound);
  v(19, "last_outbound_source", s.last_outbound_source);
  v(20, "last_outbound_name", s.last_outbound_name);
  v(21, "latest_sends", s.latest_sends);
  v(22, "recheck_at", s.recheck_at);
  v(23, "last_activity", s.last_activity);
  v(24, "flows_entered", s.flows_entered);
  v(25, "recipient_groups", s.recipient_groups);
  v(26, "engagements", s.engagements);
  v(27, "runs", s.runs);
  v(28, "wakes", s.wakes);
  v(29, "reviews", s.reviews);
  v(30, "sessions", s.sessions);
  v(31, "deliveries", s.deliveries);
  v(32, "views", s.views);
  v(33, "replies", s.replies);
  v(34, "entries_at_instant", s.entries_at_instant);
  v(35, "fired_dates", s.fired_dates);
}
template <class V> void fields(V& v, GlobalState& s) {
  v(1, "clock", s.clock);
  v(2, "started", s.started);
  v(3, "next_wake_seq", s.next_wake_seq);
  v(4, "max_work_time", s.max_work_time);
  v(5, "next_review_seq", s.next_review_seq);
  v(6, "next_send_seq", s.next_send_seq);
  v(7, "next_origin", s.next_origin);
  v(8, "campaigns_scheduled", s.campaigns_scheduled);
  v(9, "entries_instant", s.entries_instant);
  v(10, "wakes", s.wakes);
  v(11, "first_send_seq", s.first_send_seq);
}
template <class V> void fields(V& v, SendState& s) {
  v(1, "send_id", s.send_id);
  v(2, "seq", s.seq);
  v(3, "time", s.time);
  v(4, "profile", s.profile);
  v(5, "origin", s.origin);
  v(6, "opened", s.opened);
  v(7, "clicked", s.clicked);
  v(8, "unsubscribed", s.unsubscribed);
  v(9, "bounced", s.bounced);
}
template <class V> void fields(V& v, OriginState& s) {
  v(1, "id", s.id);
  v(2, "kind", s.kind);
  v(3, "channel", s.channel);
  v(4, "owner", s.owner);
  v(5, "part", s.part);
  v(6, "send", s.send);
  v(7, "source", s.source);
  v(8, "name", s.name);
  v(9, "step", s.step);
  v(10, "message", s.message);
}
template <class V> void fields(V& v, PriceState& s) {
  v(1, "product", s.product);
  v(2, "price", s.price);
}
template <class V> void fields(V& v, InputErrorState& s) {
  v(1, "index", s.index);
  v(2, "line", s.line);
  v(3, "kind", s.kind);
  v(4, "reason", s.reason);
}
template <class V> void fields(V& v, EngagementCounts& s) {
  v(1, "recipients", s.recipients);
  v(2, "opens", s.opens);
  v(3, "clicks", s.clicks);
  v(4, "bounces", s.bounces);
  v(5, "unsubscribes", s.unsubscribes);
  v(6, "conversions", s.conversions);
  v(7, "revenue", s.revenue);
}
template <class V> void fields(V& v, StepReport& s) {
  v(1, "step", s.step);
  v(2, "sent", s.sent);
  v(3, "needs_review", s.needs_review);
  v(4, "pending", s.pending);
  v(5, "engagement", s.engagement);
  v(6, "skipped", s.skipped);
}
template <class V> void fields(V& v, FlowReport& s) {
  v(1, "flow", s.flow);
  v(2, "entered", s.entered);
  v(3, "recipients", s.recipients);
  v(4, "exited", s.exited);
  v(5, "steps", s.steps);
}
template <class V> void fields(V& v, CampaignMessageReport& s) {
  v(1, "message", s.message);
  v(2, "status", s.status);
  v(3, "recipients", s.recipients);
  v(4, "sent", s.sent);
  v(5, "engagement", s.engagement);
  v(6, "skipped", s.skipped);
}
template <class V> void fields(V& v, CampaignPathReport& s) {
  v(1, "path", s.path);
  v(2, "recipients", s.recipients);
  v(3, "reached", s.reached);
  v(4, "messages", s.messages);
}
template <class V> void fields(V& v, CampaignReport& s) {
  v(1, "campaign", s.campaign);
  v(2, "reached", s.reached);
  v(3, "paths", s.paths);
}
template <class V> void fields(V& v, AutomationReport& s) {
  v(1, "automation", s.automation);
  v(2, "sessions", s.sessions);
  v(3, "sent", s.sent);
  v(4, "skipped", s.skipped);
  v(5, "ended", s.ended);
  v(6, "recommended", s.recommended);
  v(7, "engagement", s.engagement);
}
template <class V> void fields(V& v, UsageCounts& s) {
  v(1, "emails_sent", s.emails_sent);
  v(2, "sms_sent", s.sms_sent);
  v(3, "sms_credits", s.sms_credits);
  v(4, "push_sent", s.push_sent);
  v(5, "whatsapp_sent", s.whatsapp_sent);
  v(6, "active_profiles", s.active_profiles);
}
template <class V> void fields(V& v, MonthUsage& s) {
  v(1, "month", s.month);
  v(2, "usage", s.usage);
}
template <class V> void fields(V& v, DaySends& s) {
  v(1, "day", s.day);
  v(2, "by_channel", s.by_channel);
}
template <class V> void fields(V& v, ReportState& s) {
  v(1, "flows", s.flows);
  v(2, "campaigns", s.campaigns);
  v(3, "automations", s.automations);
  v(4, "usage", s.usage);
  v(5, "usage_by_month", s.usage_by_month);
  v(6, "sends_by_day", s.sends_by_day);
  v(7, "input_error_counts", s.input_error_counts);
  v(8, "input_errors_total", s.input_errors_total);
  v(9, "input_errors_limit", s.input_errors_limit);
  v(10, "late_records", s.late_records);
  v(11, "records", s.records);
}
template <class V> void fields(V& v, CheckpointState& s) {
  v(1, "number", s.number);
  v(2, "input_path", s.input_path);
  v(3, "consumed", s.consumed);
  v(4, "input_digest", s.input_digest);
  v(5, "line_no", s.line_no);
  v(6, "latest_time", s.latest_time);
  v(7, "lines_before", s.lines_before);
  v(8, "output_path", s.output_path);
  v(9, "output_length", s.output_length);
  v(10, "finished", s.finished);
  v(11, "options_fingerprint", s.options_fingerprint);
  v(12, "program_hash", s.program_hash);
  v(13, "journal_segment", s.journal_segment);
  v(14, "journal_offset", s.journal_offset);
}
template <class V> void fields(V& v, FormatState& s) {
  v(1, "version", s.version);
  v(2, "created_by", s.created_by);
}

// How many values an enum field may hold (the decoder refuses others).
inline constexpr uint32_t enum_count(RunPosition) { return kRunPositionCount; }
inline constexpr uint32_t enum_count(WakeKind) { return kWakeKindCount; }

}  // namespace flowc::state
