// The program's shape: what of a program a saved state depends on, by name
// (docs/state.md, "Program shape and upgrades"; design section 3.11). A state
// names flows, steps, segments, properties, aggregates, campaign messages and
// automations; when a new program keeps all of them as they were, the state
// goes on under it with no migration, however its texts changed.
//
// In the shape: each flow's name and trigger (kind, target, date fields),
// its steps (label, kind, wait parameters, where each goes next); segments
// (name, condition source); profile properties (name, type); lists; metrics
// (event property names and types); aggregates (signatures); campaign
// messages (path, name, time, stagger); automations and their questions.
// Not in it, so editing them needs no migration: message texts, subjects,
// bodies, flow and trigger filters, branch conditions, notify texts, set
// values, account settings.
//
// The shape is computed from the compiled module (the runtime never sees
// the AST), saved as versioned text in the state's `meta/program`, and
// compared at every start (`diff_shapes`). This is the one file of
// runtime/state that reads an ir::Module.
#pragma once

#include <string>
#include <vector>

#include "ir/module.h"
#include "state/logical.h"

namespace flowc::state {

// A named part of the program and what of it matters to saved state.
// `detail` compares whole: equal detail, same part.
struct ShapeItem {
  std::string name;
  std::string detail;
  bool operator==(const ShapeItem&) const = default;
};

struct ShapeStep {
  std::string label;   // `as LABEL`, the message name or the generated `kind#n`
  std::string kind;    // send | wait | branch | ...
  std::string detail;  // wait parameters; where it goes next, by label
  std::string next;    // the step after it ("" = the end; for a wait, where a waiting run resumes)
  bool operator==(const ShapeStep&) const = default;
};

struct ShapeFlow {
  std::string name;
  std::string trigger;  // kind, target, date fields
  std::string event_metric;  // what `event.` means in it ("" none); its changes show in the metrics
  std::vector<ShapeStep> steps;
  bool operator==(const ShapeFlow&) const = default;
  const ShapeStep* step(const std::string& label) const;
};

// The kinds of named parts besides flows, in the order a diff lists them.
// Event properties are named METRIC.PROPERTY, campaign messages
// CAMPAIGN/PATH/MESSAGE, questions AUTOMATION/QUESTION.
enum class ShapeSection : uint8_t { Property, List, Metric, EventProperty, Segment, Aggregate, CampaignMessage,
                                    Automation, Question };
inline constexpr size_t kShapeSections = 9;
const char* shape_section_name(ShapeSection section);  // "property", "segment", ...

struct ProgramShape {
  std::vector<ShapeFlow> flows;
  std::vector<ShapeItem> sections[kShapeSections];  // by ShapeSection
  // Not part of the shape (a changed default needs no migration, and it is
  // neither saved nor compared): the program's property defaults, by name,
  // which a migration gives saved profiles for a property added, or whose
  // value it cleared. Empty in a shape decoded from a state.
  std::vector<NamedValue> defaults;

  // Flows and sections only (not `defaults`).
  bool operator==(const ProgramShape& other) const;
  const ShapeFlow* flow(const std::string& name) const;
  const ShapeItem* item(ShapeSection section, const std::string& name) const;
  const std::vector<ShapeItem>& items(ShapeSection section) const { return sections[static_cast<size_t>(section)]; }
};

// The shape of a compiled program.
ProgramShape shape_of(const ir::Module& module);

// The versioned text saved in `meta/program`: a first line "flowc-shape 1",
// then one tab-separated line per part. decode_shape fails (false, `error`
// set) on a newer version or a damaged text.
inline constexpr int kShapeVersion = 1;
std::string encode_shape(const ProgramShape& shape);
bool decode_shape(const std::string& text, ProgramShape& shape, std::string& error);

// One difference between the saved shape and the program's.
struct ShapeChange {
  enum class Kind : uint8_t { Added, Removed, Changed };
  Kind kind;
  std::string part;    // "flow", "step", or a section name
  std::string flow;    // the flow of a step ("" otherwise)
  std::string name;    // the flow, step label or item name
  std::string before;  // the saved detail (Changed, Removed)
  std::string after;   // the program's detail (Changed, Added)
  std::string text() const;  // `flow "Win-back": step `w2` removed`
};

// What changed from `saved` to `now`, in a fixed order: removals, then
// changes, then additions; within each, flows (each with its steps), then
// each section. Empty: the state goes on with no migration.
std::vector<ShapeChange> diff_shapes(const ProgramShape& saved, const ProgramShape& now);

// An aggregate's signature (kind, metric, property, `where` source, window):
// the key of its data in a saved profile, and its name in the shape.
AggregateEntry aggregate_signature(const ir::Module& module, ir::Index aggregate);
const char* aggregate_kind_name(ir::AggregateKind kind);
// "count(Viewed Product where ... within 7d)": how the plan names it.
std::string aggregate_text(const AggregateEntry& signature);

}  // namespace flowc::state
