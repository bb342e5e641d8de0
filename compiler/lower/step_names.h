// Names for the steps the source does not name, as activity records, the
// report and saved state show them: the n-th step of its kind in the flow, in
// source order — `wait#1`, `set#2`, `branch#1` — and for an inline send, its
// channel: `sms#1`, `email#2` (campaigns count their inline sends across
// paths). A step with `as LABEL` keeps its label but still takes its number,
// so labelling one step never renumbers the others. A name does not depend on
// line numbers, so formatting or editing elsewhere in the file keeps every
// step's name, and with it the send ids. (Adding or removing a step of the same
// kind before a step does shift its number: that is what labels are for.)
#pragma once

#include "ir/module.h"

namespace flowc::lower {

void name_steps(ir::FlowDef& flow);
void name_sends(ir::CampaignDef& campaign);

}  // namespace flowc::lower
