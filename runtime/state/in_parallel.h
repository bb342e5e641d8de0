// Work over [0, n) split into contiguous parts, one thread each (the
// caller's thread takes the first): exporting and encoding the profiles of
// a large checkpoint use the machine's cores while the engine waits for
// them. Each part writes only its own slots of a result sized beforehand,
// so the result is the same whatever the threads' timing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace flowc::state {

// At most this many threads: a checkpoint is short, and the machine runs
// other things (CI runs two tests at once).
inline constexpr size_t kMaxParts = 4;

// Calls work(begin, end) on parts of [0, n) of at least `min_part` items.
// Fewer than 2 × min_part items, or one core: one call on this thread.
template <class Work> void in_parallel(size_t n, size_t min_part, Work&& work) {
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t parts = std::min({cores, kMaxParts, std::max<size_t>(1, n / std::max<size_t>(1, min_part))});
  if (parts <= 1) {
    work(size_t{0}, n);
    return;
  }
  std::vector<std::thread> helpers;
  helpers.reserve(parts - 1);
  const auto bound = [&](size_t part) { return n * part / parts; };
  for (size_t part = 1; part < parts; ++part)
    helpers.emplace_back([&, part] { work(bound(part), bound(part + 1)); });
  work(bound(0), bound(1));
  for (std::thread& helper : helpers) helper.join();
}

}  // namespace flowc::state
