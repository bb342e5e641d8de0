// The VM's view of one profile at one moment: the EvalContext the engine
// hands to every evaluation of a condition, value or template.
#pragma once

#include "engine/engine.h"
#include "vm/vm.h"

namespace flowc::engine {

class ProfileContext : public vm::EvalContext {
 public:
  ProfileContext(Engine& engine, uint32_t profile, int64_t now) : engine_(engine), index_(profile), now_(now) {}

  // What `event.` reads (null: no event) and when the current run started.
  ProfileContext& with_event(const std::vector<ir::Value>* event) {
    event_ = event;
    return *this;
  }
  ProfileContext& with_run_start(int64_t started) {
    run_started_ = started;
    return *this;
  }
  // Template names that depend on the message being sent.
  ProfileContext& with_links(std::string unsubscribe, std::string preferences) {
    unsubscribe_ = std::move(unsubscribe);
    preferences_ = std::move(preferences);
    return *this;
  }

  ir::Value profile_property(ir::Index slot) override;
  ir::Value builtin_field(ir::BuiltinField field) override;
  ir::Consent consent(ir::ConsentChannel channel) override;
  ir::Value event_property(ir::Index slot) override;
  bool in_list(ir::Index list) override;
  bool in_segment(ir::Index segment) override;
  ir::Value aggregate(ir::Index aggregate) override;
  ir::Value special(ir::SpecialName name) override;
  int64_t now() override { return now_; }
  bool typed_view(vm::TypedView& view) override;

 private:
  Engine& engine_;
  uint32_t index_;
  int64_t now_;
  const std::vector<ir::Value>* event_ = nullptr;
  int64_t run_started_ = 0;
  std::string unsubscribe_, preferences_;
};

}  // namespace flowc::engine
