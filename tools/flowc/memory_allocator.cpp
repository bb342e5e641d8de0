// The flowc binary's allocator. Linked with jemalloc (FLOWC_JEMALLOC, the
// default outside the sanitizer and fuzz builds), it asks for transparent
// huge pages for everything it maps, user memory and its own metadata.
//
// Why: on the machines measured, the first touch of each 4 KB page is
// what a large state costs. Loading a saved state of a million profiles
// builds millions of small strings and vectors; with glibc's malloc 35 %
// of that time went to page faults and 38 % to malloc itself, and the
// load took 36-46 s; with jemalloc and huge pages, 16 s (bench/README.md,
// "The memory allocator"). On `madvise`-mode kernels this is what
// MADV_HUGEPAGE asks for; where huge pages are off it changes nothing.
// The trade-off (compaction stalls on a machine short of free contiguous
// memory) and how to turn it off: docs/operations.md, "Memory".
#include "memory_allocator.h"

#ifdef FLOWC_JEMALLOC
#include <jemalloc/jemalloc.h>

#include <fmt/format.h>

#include <string_view>

// Read by jemalloc when it starts, before the first allocation (the
// documented way for a program to set its options; MALLOC_CONF in the
// environment still overrides them).
extern "C" {
const char* malloc_conf = "thp:always,metadata_thp:always";
}
#endif

namespace flowc::cli {

std::string memory_allocator_text() {
#ifdef FLOWC_JEMALLOC
  const char* version = nullptr;
  const char* thp = nullptr;
  size_t size = sizeof(const char*);
  if (mallctl("version", &version, &size, nullptr, 0) != 0) version = "?";
  size = sizeof(const char*);
  if (mallctl("opt.thp", &thp, &size, nullptr, 0) != 0) thp = "?";
  std::string_view v(version);
  return fmt::format("jemalloc {}, huge pages {}", v.substr(0, v.find('-')), thp);
#else
  return {};
#endif
}

}  // namespace flowc::cli
