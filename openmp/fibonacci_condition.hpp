#pragma once
#include <cstdint>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/fibonacci_condition/spec.hpp"

namespace hpcp::omp::fibonacci_condition {
// --mode threads: a parallel region of `consumers` + 1 threads. Thread 0 is
// the producer (queue_task): it puts every value into a blocking queue, in
// batches as the ring has room, and closes it (notifyAll: nothing more is
// coming); threads 1..consumers take batches of values until the queue is
// closed and empty, computing F(v) into the shared dictionary (one critical
// section per batch). consumed[c]: the values consumer c took. Should the runtime give
// a team of one (OMP_THREAD_LIMIT=1, a nested region), that thread does both.
// A `tracer` that is on sees each value consumed (item i: values[i]); the
// consumers then take one at a time.
hpcp::fib_dict::Output threads_kernel(const std::vector<std::uint64_t>& values, int consumers,
                                      const Tracer& tracer = Tracer{});

// --mode tasks: a team of `consumers` threads; one creates an OpenMP task per
// value, and every thread (it too, once done) runs tasks until the implicit
// barrier finds none left. consumed[t]: the values thread t computed.
hpcp::fib_dict::Output tasks_kernel(const std::vector<std::uint64_t>& values, int consumers,
                                    const Tracer& tracer = Tracer{});

hpcp::fib_dict::Output run_kernel(ConditionMode mode, const std::vector<std::uint64_t>& values,
                                  int consumers, const Tracer& tracer = Tracer{});
}  // namespace hpcp::omp::fibonacci_condition
