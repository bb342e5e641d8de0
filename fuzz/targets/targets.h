// The fuzz targets' entry functions (docs/testing.md, "Fuzzing"). Each takes
// any bytes and must neither crash, hang, nor trip a sanitizer on them; it
// returns 0, as libFuzzer's LLVMFuzzerTestOneInput does.
//
// The same functions run in two places: the libFuzzer executables
// (fuzz/libfuzzer_main.cpp, built with -DFLOWC_FUZZ=ON) and the regression
// test (tests/fuzz_regressions_test.cpp), which replays every stored input
// under tests/fuzz_regressions/<target>/ through the normal sanitized build.
#pragma once

#include <cstddef>
#include <cstdint>

// Source text -> load_program_text, check, and (when it checks) lowering and
// a round trip through the module file.
int flowc_fuzz_parse(const uint8_t* data, size_t size);
// NDJSON bytes -> the event reader and the engine, running examples/acme.flow.
int flowc_fuzz_events(const uint8_t* data, size_t size);
// A module file's payload -> ir::deserialize (reading and verification),
// then a verified module through the engine and the VM.
int flowc_fuzz_module(const uint8_t* data, size_t size);
// Bytes on the language server's standard input -> the server, in-process.
int flowc_fuzz_lsp(const uint8_t* data, size_t size);
// A .flowtest file's text -> the scenario reader.
int flowc_fuzz_flowtest(const uint8_t* data, size_t size);
// A report.json (and activity) file's bytes -> the report reader and outputs.
int flowc_fuzz_report(const uint8_t* data, size_t size);
// A stored state record's bytes -> the state decoder of every record kind.
int flowc_fuzz_state_decode(const uint8_t* data, size_t size);

struct FlowcFuzzTarget {
  const char* name;  // also the folder of its inputs: tests/fuzz_regressions/<name>/
  int (*entry)(const uint8_t* data, size_t size);
};

inline constexpr FlowcFuzzTarget kFlowcFuzzTargets[] = {
    {"parse", flowc_fuzz_parse},       {"events", flowc_fuzz_events},     {"module", flowc_fuzz_module},
    {"lsp", flowc_fuzz_lsp},           {"flowtest", flowc_fuzz_flowtest}, {"report", flowc_fuzz_report},
    {"state_decode", flowc_fuzz_state_decode},
};
