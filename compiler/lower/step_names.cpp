#include "lower/step_names.h"

#include <map>
#include <string>

namespace flowc::lower {

namespace {

// "key#n", n counting from 1 per key.
class Numbering {
 public:
  std::string next(const std::string& key) { return key + "#" + std::to_string(++count_[key]); }

 private:
  std::map<std::string, int> count_;
};

// What a step is counted among; "" for a send of a declared message, which is
// named by its message and so takes no number.
std::string numbering_key(const ir::StepDef& step) {
  if (step.kind != ir::StepKind::Send) return ir::step_kind_name(step.kind);
  return step.inline_body != ir::kNone ? ir::channel_name(step.channel) : "";
}

// The generated name is drawn even when a label (or message name) is kept,
// so that a label added to one step leaves every other name as it was.
void take_number(Numbering& numbering, const std::string& key, std::string& name) {
  if (key.empty()) return;
  std::string generated = numbering.next(key);
  if (name.empty()) name = std::move(generated);
}

}  // namespace

void name_steps(ir::FlowDef& flow) {
  Numbering numbering;
  for (ir::StepDef& step : flow.steps) take_number(numbering, numbering_key(step), step.name);
}

void name_sends(ir::CampaignDef& campaign) {
  Numbering numbering;
  for (ir::PathDef& path : campaign.paths)
    for (ir::CampaignSendDef& send : path.sends)
      take_number(numbering, send.inline_body != ir::kNone ? ir::channel_name(send.channel) : "", send.name);
}

}  // namespace flowc::lower
