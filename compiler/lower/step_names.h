// Names for the steps the source does not name, as activity records and the
// report show them: the n-th step of its kind in the flow, in source order —
// `wait#1`, `set#2`, `branch#1` — and for an inline send without `as`, its
// channel: `sms#1`, `email#2` (campaigns count their inline sends across
// paths). A name does not depend on line numbers, so formatting or editing
// elsewhere in the file keeps every step's name, and with it the send ids.
#pragma once

#include "ir/module.h"

namespace flowc::lower {

void name_steps(ir::FlowDef& flow);
void name_sends(ir::CampaignDef& campaign);

}  // namespace flowc::lower
