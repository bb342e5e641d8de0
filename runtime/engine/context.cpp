#include "engine/context.h"

// Profiles are read through the engine's const accessor: an evaluation only
// reads, and must not mark the profile changed (dirty_set.h).

namespace flowc::engine {

ir::Value ProfileContext::profile_property(ir::Index slot) {
  const Profile& p = engine_.profile(index_);
  return slot < p.properties.size() ? p.properties[slot] : ir::Value::unset();
}

ir::Value ProfileContext::builtin_field(ir::BuiltinField field) {
  const Profile& p = engine_.profile(index_);
  switch (field) {
    case ir::BuiltinField::Id: return ir::Value::string(std::string(p.id()));
    case ir::BuiltinField::Email: return !p.email.empty() ? ir::Value::string(p.email.str()) : ir::Value::unset();
    case ir::BuiltinField::Phone: return !p.phone.empty() ? ir::Value::string(p.phone.str()) : ir::Value::unset();
    case ir::BuiltinField::Created: return ir::Value::datetime(p.created);
  }
  return ir::Value::unset();
}

ir::Consent ProfileContext::consent(ir::ConsentChannel channel) {
  return engine_.profile(index_).consent[static_cast<size_t>(channel)];
}

ir::Value ProfileContext::event_property(ir::Index slot) {
  if (!event_ || slot >= event_->size()) return ir::Value::unset();
  return (*event_)[slot];
}

bool ProfileContext::in_list(ir::Index list) {
  const Profile& p = engine_.profile(index_);
  return list < p.lists.size() && p.lists[list];
}

bool ProfileContext::in_segment(ir::Index segment) {
  const Profile& p = engine_.profile(index_);
  return segment < p.segments.size() && p.segments[segment];
}

ir::Value ProfileContext::aggregate(ir::Index aggregate) {
  return engine_.aggregate_value(engine_.profile(index_), aggregate, run_started_, now_);
}

ir::Value ProfileContext::special(ir::SpecialName name) {
  switch (name) {
    case ir::SpecialName::UnsubscribeLink: return ir::Value::string(unsubscribe_);
    case ir::SpecialName::PreferencesLink: return ir::Value::string(preferences_);
    case ir::SpecialName::OrganizationName: return ir::Value::string(engine_.module().account.name);
  }
  return ir::Value::unset();
}

// The profile's own arrays, borrowed for one evaluation.
bool ProfileContext::typed_view(vm::TypedView& view) {
  const Profile& p = engine_.profile(index_);
  view.properties = p.properties.block_address();
  view.aggregates = p.aggregates.block_address();
  view.event = event_ ? event_->data() : nullptr;
  view.event_count = event_ ? static_cast<uint32_t>(event_->size()) : 0;
  view.list_words = p.lists.words();
  view.list_count = static_cast<uint32_t>(p.lists.size());
  view.segment_words = p.segments.words();
  view.segment_count = static_cast<uint32_t>(p.segments.size());
  view.consent = p.consent.data();
  view.created = p.created;
  view.now = now_;
  view.context = this;
  return true;
}

}  // namespace flowc::engine
