// Names of the record types as they are written in the `type` field of the
// event stream (RUNTIME.md section 2). The reader maps `type` back through
// this one table, so a name is spelled in exactly one place. Likewise the
// codes of input errors.
#include "events/record.h"

namespace flowc::events {

const char* record_type_name(RecordType t) {
  switch (t) {
    case RecordType::Profile: return "profile";
    case RecordType::Event: return "event";
    case RecordType::Subscribe: return "subscribe";
    case RecordType::Unsubscribe: return "unsubscribe";
    case RecordType::Suppress: return "suppress";
    case RecordType::Unsuppress: return "unsuppress";
    case RecordType::ListAdd: return "list_add";
    case RecordType::ListRemove: return "list_remove";
    case RecordType::Inbound: return "inbound";
    case RecordType::Price: return "price";
    case RecordType::Engagement: return "engagement";
    case RecordType::Review: return "review";
  }
  return "?";
}

const char* input_error_code(InputErrorKind kind) {
  switch (kind) {
    case InputErrorKind::NotJson: return "not_json";
    case InputErrorKind::WrongType: return "wrong_type";
    case InputErrorKind::MissingField: return "missing_field";
    case InputErrorKind::UnknownType: return "unknown_type";
    case InputErrorKind::BadValue: return "bad_value";
    case InputErrorKind::BadTime: return "bad_time";
    case InputErrorKind::DuplicateKey: return "duplicate_key";
    case InputErrorKind::TimeJump: return "time_jump";
    case InputErrorKind::UnknownSendId: return "unknown_send_id";
    case InputErrorKind::Unreadable: return "unreadable";
  }
  return "?";
}

}  // namespace flowc::events
