#include "state/wire.h"

namespace flowc::state::wire {

uint8_t value_code(ir::ValueKind kind) {
  switch (kind) {
    case ir::ValueKind::Unset: return kUnsetCode;
    case ir::ValueKind::Bool: return kBoolCode;
    case ir::ValueKind::Int: return kIntCode;
    case ir::ValueKind::Number: return kNumberCode;
    case ir::ValueKind::String: return kStringCode;
    case ir::ValueKind::Date: return kDateCode;
    case ir::ValueKind::DateTime: return kDateTimeCode;
    case ir::ValueKind::Duration: return kDurationCode;
    case ir::ValueKind::Consent: return kConsentCode;
    case ir::ValueKind::List: return kListCode;
  }
  return kUnsetCode;
}

void put_value_payload(std::string& out, const ir::Value& value) {
  put_varint(out, value_code(value.kind));
  switch (value.kind) {
    case ir::ValueKind::Unset: break;
    case ir::ValueKind::Number: put_fixed64(out, std::bit_cast<uint64_t>(value.n)); break;
    case ir::ValueKind::String: out += value.str(); break;
    case ir::ValueKind::List:
      for (const ir::Value& item : value.items()) put_length_prefixed(out, [&] { put_value_payload(out, item); });
      break;
    default: put_varint(out, zigzag(value.i)); break;
  }
}

}  // namespace flowc::state::wire
