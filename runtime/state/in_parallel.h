// Work over [0, n) split into contiguous parts, one thread each (the
// caller's thread takes the first): exporting and encoding the profiles of
// a large checkpoint use the machine's cores while the engine waits for
// them. Each part writes only its own slots of a result sized beforehand,
// so the result is the same whatever the threads' timing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace flowc::state {

// At most this many threads: a checkpoint is short, and the machine runs
// other things (CI runs two tests at once).
inline constexpr size_t kMaxParts = 4;

// Calls work(begin, end) on parts of [0, n) of at least `min_part` items,
// on at most `max_parts` threads. Fewer than 2 × min_part items, or one
// core: one call on this thread. An exception from any part (or a thread
// that cannot be started: its part then runs here) reaches the caller
// after every part has ended.
template <class Work> void in_parallel(size_t n, size_t min_part, Work&& work, size_t max_parts = kMaxParts) {
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t parts =
      std::min({cores, max_parts, kMaxParts, std::max<size_t>(1, n / std::max<size_t>(1, min_part))});
  if (parts <= 1) {
    work(size_t{0}, n);
    return;
  }
  const auto bound = [&](size_t part) { return n * part / parts; };
  std::vector<std::exception_ptr> failures(parts);
  const auto run_part = [&](size_t part) {
    try {
      work(bound(part), bound(part + 1));
    } catch (...) {
      failures[part] = std::current_exception();
    }
  };
  std::vector<std::jthread> helpers;  // joined when they go, whatever happens here
  helpers.reserve(parts - 1);
  for (size_t part = 1; part < parts; ++part) {
    try {
      helpers.emplace_back(run_part, part);
    } catch (const std::system_error&) {
      run_part(part);
    }
  }
  run_part(0);
  helpers.clear();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace flowc::state
