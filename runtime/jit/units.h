// How the JIT splits a module into compile units, the granularity of lazy
// compilation and of the object cache (no LLVM here).
//
// Unit 0, "program", holds what every run needs soon: segment conditions,
// aggregate filters, the conversion value, and any chunk no definition
// below claims. Then one unit per flow (trigger filter, product key, profile
// filters, every step's chunks, and its step dispatch), per message, per
// campaign and per automation. A unit is compiled the first time one of its
// chunks (or its flow's dispatch) runs, so a flow that never fires and a
// message never sent cost nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::jit {

struct CompileUnit {
  std::string what;              // "program", "flow Welcome", "message welcome_1", ...
  std::vector<ir::Index> chunks;  // in index order
  ir::Index flow = ir::kNone;    // the flow whose dispatch this unit holds
};

struct UnitPlan {
  std::vector<CompileUnit> units;
  std::vector<uint32_t> unit_of_chunk;  // by chunk
  std::vector<uint32_t> unit_of_flow;   // by flow
};

UnitPlan plan_units(const ir::Module& module);

}  // namespace flowc::jit
