// Fuzz target `state_decode`: the bytes as a stored state record of every
// kind (runtime/state/encoding.h). A state folder is a file a user may damage,
// so decoding must fail cleanly on anything; and a record that decodes must
// re-encode to one that decodes to the same fields (the encoding is
// canonical), else the target aborts.
#include <cstdlib>
#include <string>
#include <string_view>

#include "state/encoding.h"
#include "targets/targets.h"

namespace {

template <class Record> void decode_as(std::string_view bytes) {
  using namespace flowc::state;
  Record record;
  std::string error;
  if (!decode(bytes, record, error)) {
    if (error.empty()) std::abort();  // a refusal always says why
    return;
  }
  Record again;
  if (!decode(encode(record), again, error) || !identical(record, again)) std::abort();
}

}  // namespace

int flowc_fuzz_state_decode(const uint8_t* data, size_t size) {
  using namespace flowc::state;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  decode_as<ProfileState>(bytes);
  decode_as<GlobalState>(bytes);
  decode_as<ReportState>(bytes);
  decode_as<CheckpointState>(bytes);
  decode_as<SendState>(bytes);
  decode_as<OriginState>(bytes);
  decode_as<PriceState>(bytes);
  decode_as<InputErrorState>(bytes);
  decode_as<FormatState>(bytes);
  return 0;
}
