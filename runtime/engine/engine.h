// The runtime engine: applies event records to profiles and runs every
// profile through the program's flows on event time (RUNTIME.md 2-5, 8).
//
// Design: one Engine owns all state (profiles, flow runs, the scheduler, the
// review queue, the report). Records are applied in input order; before a
// record at time T the engine runs every wake-up due at or before T, so the
// output depends only on the input, never on wall-clock time. Work that one
// step causes for other flows (a list add that triggers a list flow) goes
// through a FIFO of pending entries, processed at the same instant after the
// current step chain, which keeps recursion shallow and order deterministic.
//
// The engine sees the IR only; conditions and templates run in the VM
// through an EvalContext (engine/context.h).
//
// Saved state (docs/state.md): everything between two records exports to
// the logical structs of runtime/state (names and typed values, no program
// index), whole or as the changes since the last checkpoint, and a fresh
// engine imports it and goes on exactly as the one that exported it would
// (export_state.cpp, import_state.cpp, report_state.cpp).
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/activity.h"
#include "engine/automation_state.h"
#include "engine/campaign_state.h"
#include "engine/dirty_set.h"
#include "engine/profile.h"
#include "engine/price_views.h"
#include "engine/phone_owners.h"
#include "engine/profile_ids.h"
#include "engine/profile_store.h"
#include "engine/recipient_groups.h"
#include "engine/report.h"
#include "engine/run_store.h"
#include "engine/scheduler.h"
#include "engine/segment_dependencies.h"
#include "engine/send_log.h"
#include "events/name_table.h"
#include "events/record.h"
#include "ir/module.h"
#include "state/logical.h"
#include "state/migrate.h"
#include "time/calendar.h"
#include "vm/evaluator.h"

namespace flowc::engine {

struct ReviewItem {
  uint32_t flow, step, profile, run;
  std::vector<ir::Value> event;
  bool has_event = false;
  bool open = true;
  // Its place in the queue, over the whole run: saved reviews are kept per
  // profile, and a review decision walks the queue in this order.
  uint64_t seq = 0;
};

// Writes `consent` (the channel's status) and `consent_since` (when it was
// set; left out when never) into a send record.
void add_consent(JsonLine& line, const Profile& p, ir::ConsentChannel channel);

class Engine {
 public:
  // `evaluator` runs the module's chunks (the VM or the JIT); it must outlive the engine.
  Engine(const ir::Module& module, vm::Evaluator& evaluator, ActivityWriter& activity);

  // Applies one record at its time (or at the clock's, when it is late).
  void process(const events::Record& record);
  // Counts a bad line in the report; true when it is among the first
  // `--max-input-errors`, kept in full (and worth printing).
  bool input_error(const events::InputError& error);
  void set_max_input_errors(size_t limit) { report_.input_errors.set_limit(limit); }
  // The input's name in messages about bad records the engine finds itself
  // (an engagement naming an unknown send_id): "FILE:LINE: bad record: ...".
  void set_input_name(std::string name) { input_name_ = std::move(name); }
  // Runs every wake-up due at or before `time` and moves the clock there.
  void advance_to(int64_t time);
  // The clock bound (`--max-clock-jump`): date-trigger occurrences more than
  // this before the time the clock is moving to are stale (catch_up_to).
  void set_max_clock_jump(int64_t seconds);
  // At the end of input: runs the wake-ups due at the last record's time.
  void settle();
  // Runs wake-ups until no flow run is waiting (recurring date triggers and
  // segment rechecks alone do not keep it going).
  void drain();
  // The report as it would be if the run ended now: the counters so far
  // plus the end-of-run counts (pending, needs_review, active profiles),
  // added to a copy, so it may be asked for any number of times mid-stream
  // (a checkpoint, serve's --report-every) without changing the engine.
  Report final_report() const;

  // --- saved state (docs/state.md), between records only
  // The whole logical state: profiles in ordinal order, sends in log order,
  // origins by id, prices, kept input errors, globals, report. Leaves
  // out.checkpoint, out.format, out.program and out.final_report untouched.
  void export_state(state::LoadedState& out) const;
  // What changed since the last take_changes() (or import_state, or the
  // engine's construction): changed profiles whole, globals, report, new or
  // changed sends, new origins, changed prices, new input errors (expired
  // sends: none yet). Leaves delta.checkpoint, program and final_report
  // untouched. Costs what changed, plus one pass over the runs, wake-ups
  // and price views to find what belongs to the changed profiles.
  void take_changes(state::Delta& out);
  // How many profiles the next take_changes() will export.
  size_t changed_profile_count() const { return changed_profiles_.marked().size(); }
  // Rebuilds the engine from a loaded state. Only on a freshly constructed
  // engine, before any record. False with `error` set when a name in the
  // state does not resolve in this module (a program change is
  // `flowc migrate`'s business); the engine is then unusable.
  bool import_state(const state::LoadedState& in, std::string& error);
  // After importing a state migrated to this program (state/migrate.h):
  // writes an `exit` record for each run the migration ended, computes the
  // segments when the program added or redefined some (starting no flow),
  // and marks everything for the next take_changes (migration.cpp).
  void finish_migration(const std::vector<state::MigrationExit>& exits, bool recompute_segments,
                        const std::vector<std::string>& scheduled_date_flows);

  // The counters so far, without the end-of-run counts.
  const Report& report() const { return report_; }
  // A profile by id (null when unknown), e.g. for `flowc chat` to show what
  // an automation saved.
  const Profile* find_profile(const std::string& id) const {
    uint32_t index = profile_ids_.find(id);
    return index == ProfileIds::kNone ? nullptr : &profiles_[index];
  }
  int64_t clock() const { return clock_; }
  bool started() const { return started_; }
  // Profiles known so far (serve's progress line).
  size_t profile_count() const { return profiles_.size(); }

  // --- the state between records, read-only (a saved state; tests)
  const RunStore& runs() const { return runs_; }
  const std::deque<ReviewItem>& reviews() const { return reviews_; }
  const CampaignState& campaigns() const { return campaigns_; }
  const AutomationState& automations() const { return automations_; }
  const Scheduler& scheduler() const { return scheduler_; }
  size_t fired_dates_kept() const { return fired_dates_.size(); }

  // --- used by the evaluation context
  const ir::Module& module() const { return module_; }
  const Profile& profile(uint32_t index) const { return profiles_[index]; }
  ir::Value aggregate_value(const Profile& profile, ir::Index aggregate, int64_t run_started, int64_t now) const;

 private:
  friend class ProfileContext;
  friend class StateExport;  // export_state.cpp
  friend class StateImport;  // import_state.cpp

  // engine.cpp: records and the clock
  uint32_t profile_index(const std::string& id, int64_t time);
  void apply(const events::Record& record);
  void apply_profile(Profile& p, uint32_t index, const events::Record& record);
  // Sets the record's email and phone; true when either changed.
  bool set_contact(uint32_t index, const events::Record& record);
  void run_wake_up(const WakeUp& wake);
  // The clock is about to move to `time`: date-trigger occurrences more than
  // the clock bound before it are stale and do not fire (docs/runtime.md,
  // "Date triggers over a long stretch"): `--until 9999-12-31` must not send
  // a birthday e-mail for every year in between.
  void catch_up_to(int64_t time);
  void process_pending_entries();

  // consent.cpp: subscriptions, suppression, reachability
  void apply_subscribe(uint32_t index, const events::Record& record);
  void apply_unsubscribe(uint32_t index, const events::Record& record);
  void apply_suppression(uint32_t index, const events::Record& record, bool suppressed);
  void set_consent(Profile& p, ir::ConsentChannel channel, ir::Consent status, int64_t time);
  // Why a message may not go out to this profile ("" when it may).
  std::string unreachable_reason(const Profile& p, ir::Channel channel, bool transactional) const;
  // Records a built-in metric event on the profile; historical ones are
  // counted but trigger no flow.
  // The properties of a built-in metric event, by name (views, read at once).
  using BuiltinProps = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  // Counts an event of a built-in metric ("Received Email", ...) if the
  // program reads it; returns the metric counted (ir::kNone: none).
  ir::Index record_builtin_metric(uint32_t index, const char* metric, BuiltinProps props, bool historical = false);

  // segments.cpp: lists, aggregates, segments, date triggers
  void add_to_list(uint32_t index, ir::Index list, bool by_subscription, bool historical = false);
  void remove_from_list(uint32_t index, ir::Index list);
  void count_event(uint32_t index, ir::Index metric, const std::vector<ir::Value>& event, int64_t time);
  // What a record changed, so that only the segments reading it are
  // evaluated again (null: anything may have changed).
  struct SegmentChange {
    ir::Index metric = ir::kNone;             // an event of this metric was counted
    const std::vector<ir::Index>* slots = nullptr;  // these profile properties changed
  };
  // Re-evaluates the profile's segments; joining one starts its flows unless
  // the change came from a historical record.
  void update_segments(uint32_t index, bool trigger_flows = true, const SegmentChange* change = nullptr);
  void enter_segment_flows(uint32_t index, ir::Index segment);
  void enter_joined_segments(uint32_t index, const uint64_t* before, const uint64_t* after, size_t words);
  void schedule_segment_recheck(uint32_t index);
  // Segments on the passing of days (days_since, hours_since, now) are
  // evaluated again for every recent profile at each local midnight of the
  // account: one global wake-up a day, which changes (and marks for the
  // next checkpoint) only the profiles whose membership changes.
  void schedule_segment_sweep();
  void sweep_segments();
  // Schedules the date triggers watching `changed_slot` (kNone: `created`).
  void schedule_date_triggers(uint32_t index, ir::Index changed_slot);
  void schedule_date_trigger(uint32_t index, uint32_t flow);
  ir::Value date_trigger_value(const Profile& p, const ir::FlowDef& flow) const;
  void fire_date_trigger(uint32_t index, uint32_t flow, int64_t occurrence);

  // flows.cpp: entering and running flows
  void trigger_metric_flows(uint32_t index, ir::Index metric, const std::vector<ir::Value>& event);
  void trigger_price_drop(const events::Record& record);
  void request_entry(uint32_t flow, uint32_t profile, std::vector<ir::Value> event, bool has_event);
  void try_enter(uint32_t flow, uint32_t profile, std::vector<ir::Value> event, bool has_event);
  bool filters_hold(const ir::FlowDef& flow, uint32_t profile, const FlowRun* run);
  void run_from(uint32_t run_id);
  // Runs one step; returns false when the run stops here (waiting or ended).
  bool run_step(uint32_t run_id);
  void end_run(uint32_t run_id, const char* reason);
  // Frees the run's slot once it has ended and nothing names it any more.
  void release_run_if_done(uint32_t run_id);
  // Keeps only the event slots the flow's chunks read (see flow_event_reads_).
  void keep_read_slots(uint32_t flow, std::vector<ir::Value>& event) const;
  rt::Zone zone_for(const Profile& p, bool profile_zone) const;

  // campaigns.cpp: omnichannel campaigns (RUNTIME.md section 6)
  void schedule_campaigns();
  void fan_out_campaign_message(uint32_t message);
  void deliver_campaign_message(uint32_t delivery);

  // automations.cpp: keyword automations (RUNTIME.md section 7)
  void apply_inbound(const events::Record& record);
  void session_timeout(uint32_t session, uint32_t generation);

 public:
  // `flowc chat`: only this automation may start a session, and its reply
  // triggers fire without the campaign or flow message they reply to.
  void only_automation(uint32_t automation) { automations_.only = automation; }

 private:
  // automation_compliance.cpp: STOP / START / HELP; true when handled.
  bool apply_compliance(uint32_t profile, bool whatsapp, const std::string& text);
  // automations.cpp: triggers. The automation a message starts (kNone) and
  // the keyword, as declared, that matched.
  ir::Index find_trigger(uint32_t profile, bool whatsapp, const std::string& text, std::string& keyword) const;
  void start_session(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& keyword);
  // automation_sessions.cpp: questions, answers, the end of a session.
  void answer_session(uint32_t session, const std::string& text);
  void ask_question(uint32_t session, bool reprompt);
  void finish_session(uint32_t session);
  void end_session(uint32_t session, const char* reason);
  void end_sessions_of(uint32_t profile, const char* reason);
  // automation_replies.cpp: what automations write.
  // Renders `chunk` (then the numbered `choices`, for a question) and sends it.
  void send_automation_text(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& step,
                            ir::Index chunk, const std::vector<std::string>* choices = nullptr);
  void send_compliance_text(uint32_t profile, bool whatsapp, const std::string& step, const std::string& body);
  void skip_automation(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& step,
                       const std::string& reason);
  void save_automation_property(uint32_t automation, uint32_t profile, ir::Index slot, const std::string& step,
                                const std::string& value);
  std::string render_automation_text(uint32_t profile, ir::Index chunk, const std::string& send_id);

  // sending.cpp: sends, reviews, smart sending, quiet hours, UTM
  enum class SendOutcome { Sent, Skipped, Deferred, Queued };
  SendOutcome send_flow_step(uint32_t run_id, const ir::StepDef& step, bool from_review);
  void apply_review(const events::Record& record);
  // `send_origin`: the SendLog origin of the step or message (engagement).
  void emit_send(uint32_t index, const Origin& origin, const ir::StepDef& step, const std::vector<ir::Value>* event,
                 int64_t run_started, uint32_t occurrence, uint32_t send_origin);
  // Why a send may not go out now: reachability, then smart sending ("" when it may).
  std::string send_blocker(const Profile& p, ir::Channel channel, bool transactional, bool smart_sending) const;
  // A marketing SMS inside quiet hours: writes the `deferred` record and
  // returns when quiet hours end; -1 when the send may go now.
  int64_t defer_for_quiet_hours(const Profile& p, const Origin& origin, ir::Channel channel, bool transactional);
  // Counts a message that went out in the usage report (and the profile as active).
  void count_send(Profile& p, ir::Channel channel, const std::string& body);
  // engagement.cpp: engagement records, conversions and unsubscribes
  // credited to sends (docs/runtime.md, "Engagement and attribution").
  // Logs a send so that engagement records can find it by its id.
  void log_send(uint32_t index, const std::string& send_id, uint32_t send_origin);
  uint32_t account_send_origin(ir::Channel channel, const std::string& name, const std::string& step);
  void apply_engagement(const events::Record& record);
  // A conversion event of the profile: credited to its latest engagement still in its window.
  void attribute_conversion(uint32_t index, const std::vector<ir::Value>& event);
  // An unsubscribe: credited to the profile's latest send on that channel, if recent.
  void attribute_unsubscribe(uint32_t index, ir::Channel channel);
  // A send to the profile: counts it among the unique recipients of the
  // send's step or message, flow, path, campaign or automation, once each.
  void count_recipient(uint32_t index, uint32_t send_origin);
  // Records the month and day of a send in the usage report.
  void count_send_day(Profile& p, ir::Channel channel, uint64_t credits);
  // The account-zone day of the clock, kept for the clock it was worked out
  // at: sends come in bursts at one instant (a campaign's fan-out), and the
  // zone lookup is the costly part of counting one.
  int64_t usage_day_clock_ = INT64_MIN, usage_day_ = 0;

  // Records where the profile's latest outbound message came from.
  void set_last_outbound(Profile& p, std::string_view source, std::string_view name);
  std::string add_utm(const std::string& text, bool html, std::string_view channel, std::string_view name,
                      std::string_view message) const;

  const ir::Module& module_;
  vm::Evaluator& eval_;
  ActivityWriter& activity_;
  Report report_;
  Scheduler scheduler_;
  int64_t clock_ = 0;
  bool started_ = false;
  int64_t max_clock_jump_ = 400 * 86400;    // the clock bound (set_max_clock_jump)
  int64_t date_stale_before_ = INT64_MIN;  // date-trigger occurrences before this are stale (catch_up_to)
  std::string input_name_ = "events";

  // What changed since the last take_changes(): the profiles (marked by
  // every non-const access to a profile or a run, by the scheduler for the
  // owners of wake-ups, and here for reviews, sessions, campaign copies,
  // price views and same-instant entries), the prices, and how much of the
  // send log, its origins and the kept input errors were taken already.
  DirtySet changed_profiles_;
  std::set<std::string> changed_prices_;
  uint32_t sends_taken_ = 0, origins_taken_ = 0;
  uint32_t sends_dropped_taken_ = 0;  // SendLog::first() at the last take
  size_t input_errors_taken_ = 0;

  ProfileStore profiles_;
  SendLog sends_;  // every send, by id, for engagement records
  RecipientGroups recipients_;  // who has been counted a recipient of what
  // Each profile's latest qualifying engagement of each attributable kind
  // (email click, SMS click, email open, push open): when, and the origin of
  // the send engaged with (all a conversion credits). The origin, not the
  // send itself, so that the send log may forget old sends.
  // Only for profiles that engaged, so a profile pays nothing for it until then.
  struct LastEngagement {
    uint32_t time = 0;
    uint32_t origin = SendLog::kNone;
  };
  std::unordered_map<uint32_t, std::array<LastEngagement, 4>> last_engagements_;
  // Where outbound messages came from, (source, name), each once: a profile
  // keeps the index of its latest (Profile::last_outbound).
  std::vector<std::pair<std::string, std::string>> outbound_origins_;
  std::map<std::pair<std::string, std::string>, uint32_t> outbound_origin_ids_;
  ProfileIds profile_ids_;
  // Double opt-in: the lists a profile joins when it confirms, by profile.
  std::unordered_map<uint32_t, std::vector<ir::Index>> lists_pending_confirmation_;
  PhoneOwners phone_owners_{profiles_};  // for inbound records
  RunStore runs_;
  std::deque<ReviewItem> reviews_;  // queued in order; decided ones are dropped
  uint64_t next_review_seq_ = 0;    // ReviewItem::seq of the next one queued
  struct PendingEntry {
    uint32_t flow, profile;
    std::vector<ir::Value> event;
    bool has_event;
  };
  std::deque<PendingEntry> pending_entries_;
  static constexpr uint32_t kMaxEntriesPerInstant = 20;  // per flow and profile
  int64_t entries_instant_ = -1;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> entries_at_instant_;
  bool processing_entries_ = false;

  // Price drops: the last price of each product, and per price-drop flow
  // who viewed which product (by product key), with the event slots the
  // flow reads.
  std::unordered_map<std::string, double> prices_;
  std::vector<std::unordered_map<std::string, ProductViews>> views_;  // by flow, product
  // Date triggers already fired: (flow, profile, occurrence time). An entry
  // matters only while a DateTrigger wake-up of that flow and profile at
  // that time is pending (a date property set twice schedules two); the
  // others are dropped once there are enough of them (prune_fired_dates).
  std::map<std::tuple<uint32_t, uint32_t, int64_t>, bool> fired_dates_;
  size_t prune_fired_dates_at_ = 64;
  void prune_fired_dates();
  // Metric names to indexes, for the built-ins the runtime records.
  events::NameTable metric_by_name_;
  std::vector<std::vector<ir::Index>> aggregates_by_metric_;
  std::vector<std::vector<uint32_t>> flows_by_metric_;
  CampaignState campaigns_;
  AutomationState automations_;
  // By flow: which event slots its chunks read (LoadEvent in its steps,
  // messages and filters); a run or a price-drop view keeps only those.
  std::vector<std::vector<bool>> flow_event_reads_;
  std::vector<bool> flow_enrolls_;  // false when every action of the flow is draft
  ir::Index timezone_slot_ = ir::kNone;
  rt::Zone account_zone_ = nullptr;
  bool time_dependent_segments_ = false;  // some segment changes with time alone
  bool now_dependent_segments_ = false;   // ... through now(), days_since or hours_since
  SegmentDependencies segment_dependencies_;  // which segments a change makes evaluate again
  std::vector<ir::Index> changed_slots_;  // the profile properties the current record changed
};

}  // namespace flowc::engine
