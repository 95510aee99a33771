#pragma once
#include <cstddef>
#include <cstdint>

#include "common/examples/result_queue/spec.hpp"

namespace hpcp::omp::result_queue {
// Every thread of the team puts item(k, work) for its share of k = 1..n
// (dynamic schedule) into one bounded BlockingQueue of `capacity` values;
// thread 0, the main program, drains it: whenever its own put finds the queue
// full, and after its share until the last producer has closed the queue.
// arrivals: what thread 0 took, in order; per_worker[t]: items thread t put.
hpcp::result_queue::Output push_drain(std::uint64_t n, std::uint64_t work, std::size_t capacity);
}  // namespace hpcp::omp::result_queue
