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

}  // namespace

void name_steps(ir::FlowDef& flow) {
  Numbering numbering;
  for (ir::StepDef& step : flow.steps) {
    if (step.kind == ir::StepKind::Send) {
      if (step.name.empty()) step.name = numbering.next(ir::channel_name(step.channel));
    } else {
      step.name = numbering.next(ir::step_kind_name(step.kind));
    }
  }
}

void name_sends(ir::CampaignDef& campaign) {
  Numbering numbering;
  for (ir::PathDef& path : campaign.paths)
    for (ir::CampaignSendDef& send : path.sends)
      if (send.name.empty()) send.name = numbering.next(ir::channel_name(send.channel));
}

}  // namespace flowc::lower
