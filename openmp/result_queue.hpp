#pragma once
#include <cstddef>
#include <cstdint>

#include "common/core/trace.hpp"
#include "common/examples/result_queue/spec.hpp"

namespace hpcp::omp::result_queue {
inline constexpr std::size_t default_capacity = 4096, default_batch = 512;

// Every thread of the team computes item(k, work) for its share of k = 1..n
// (dynamic schedule, chunks of at most `batch` values) and puts each chunk
// into one bounded BlockingQueue of `capacity` values; thread 0, the main
// program, appends its own values to the arrivals directly and drains the
// queue after each of its chunks, then until the last producer has closed it.
// arrivals: what thread 0 took, in order; per_worker[t]: items thread t put.
hpcp::result_queue::Output push_drain(std::uint64_t n, std::uint64_t work, std::size_t capacity,
                                      std::size_t batch = default_batch,
                                      const Tracer& tracer = Tracer{});  // item k-1: n = k
}  // namespace hpcp::omp::result_queue
