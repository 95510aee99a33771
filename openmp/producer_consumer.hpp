#pragma once
#include <cstdint>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/producer_consumer/spec.hpp"

namespace hpcp::omp::producer_consumer {
// One thread of the team puts every value into a shared queue (the producer,
// joined before the consumers start, as in the notebook); then every thread
// takes batches of values under an OpenMP lock (a guided share of what is
// left, at most 256) and computes F(v) into the shared dictionary, one
// critical section per batch. consumed[t]: the values thread t took.
// A `tracer` that is on sees each value consumed (item i: the i-th put), the
// consumers then taking one value at a time.
hpcp::fib_dict::Output drain(const std::vector<std::uint64_t>& values,
                             const Tracer& tracer = Tracer{});
}  // namespace hpcp::omp::producer_consumer
