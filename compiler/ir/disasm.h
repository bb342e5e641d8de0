// `flowc disasm`: the module as readable text: account, schema slots,
// aggregates, segments, messages, flows as step graphs, campaigns,
// automations, and every chunk's instructions with their operands resolved
// to names ("LoadProfile 3 ; profile.vip").
#pragma once

#include <string>

#include "ir/module.h"

namespace flowc::ir {

std::string disassemble(const Module& module);
std::string disassemble_chunk(const Module& module, Index chunk);

}  // namespace flowc::ir
