// Which allocator the flowc binary uses, for `flowc --version`: jemalloc
// with transparent huge pages in release builds (memory_allocator.cpp), or
// the C library's malloc (sanitizer and fuzz builds, -DFLOWC_JEMALLOC=OFF).
#pragma once

#include <string>

namespace flowc::cli {

// "jemalloc 5.3.0, huge pages always", or "" for the C library's malloc.
std::string memory_allocator_text();

}  // namespace flowc::cli
