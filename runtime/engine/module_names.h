// The program's names, both ways, for saved state: a saved state names
// flows, steps, lists, segments, properties, campaigns, automations and
// aggregates (docs/state.md); the engine holds program indexes. Exporting
// reads the module directly; importing looks each name up here, and a name
// the module lacks is kNone (the importer turns it into a message).
//
// Steps are named by their label (step_label: `send as LABEL`, the message
// name, or the generated `kind#n`), aggregates by their signature, the
// fields the compiler dedups aggregates on (state::AggregateEntry).
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "state/logical.h"
#include "state/program_shape.h"

namespace flowc::engine {

class ModuleNames {
 public:
  explicit ModuleNames(const ir::Module& module);

  ir::Index flow(const std::string& name) const { return find(flows_, name); }
  ir::Index step(ir::Index flow, const std::string& label) const { return find(steps_[flow], label); }
  ir::Index list(const std::string& name) const { return find(lists_, name); }
  ir::Index segment(const std::string& name) const { return find(segments_, name); }
  ir::Index property(const std::string& name) const { return find(properties_, name); }
  // An event property of a metric (kNone when the metric is kNone).
  ir::Index event_property(ir::Index metric, const std::string& name) const;
  ir::Index campaign(const std::string& name) const { return find(campaigns_, name); }
  ir::Index path(ir::Index campaign, const std::string& name) const { return find(paths_[campaign], name); }
  ir::Index message(ir::Index campaign, ir::Index path, const std::string& name) const;
  ir::Index automation(const std::string& name) const { return find(automations_, name); }
  ir::Index question(ir::Index automation, const std::string& name) const;
  ir::Index aggregate(const state::AggregateEntry& signature) const;

 private:
  using Names = std::unordered_map<std::string, ir::Index>;
  static ir::Index find(const Names& names, const std::string& name) {
    auto it = names.find(name);
    return it == names.end() ? ir::kNone : it->second;
  }
  // Each name once: the first index that has it.
  template <class Items, class NameOf>
  static Names index(const Items& items, NameOf name_of) {
    Names names;
    for (size_t i = 0; i < items.size(); ++i) names.try_emplace(name_of(items[i]), static_cast<ir::Index>(i));
    return names;
  }

  const ir::Module& module_;
  Names flows_, lists_, segments_, properties_, campaigns_, automations_;
  std::vector<Names> steps_;  // by flow
  std::vector<Names> paths_;  // by campaign
  using Signature = std::tuple<std::string, std::string, std::string, std::string, int64_t, bool>;
  std::map<Signature, ir::Index> aggregates_;
};

// An aggregate's signature (kind, metric, property, `where`, window) with
// no counts, and the names of aggregate kinds (state/program_shape.h).
using state::aggregate_kind_name;
using state::aggregate_signature;

// The message for a saved name this module lacks: "the state names flow
// `Win-back`, which this program does not have".
std::string missing_name(const std::string& what, const std::string& name);

// Names of enums as saved state writes them.
// The channels with their own suppression and smart-sending clock, in
// SendChannel order.
inline constexpr const char* kSendChannelNames[] = {"email", "sms", "push", "whatsapp"};
// The engagements a conversion can be credited to, in the engine's order
// (engagement.cpp, AttributionKind).
inline constexpr const char* kEngagementKinds[] = {"email_click", "sms_click", "email_open", "push_open"};
// The channel named `name` ("email", "sms", "push", "whatsapp"); false when none.
bool channel_named(const std::string& name, ir::Channel& channel);

}  // namespace flowc::engine
