// The libFuzzer entry point of one fuzz target: FLOWC_FUZZ_ENTRY names its
// entry function (fuzz/CMakeLists.txt sets it per executable).
#include "targets/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return FLOWC_FUZZ_ENTRY(data, size); }
