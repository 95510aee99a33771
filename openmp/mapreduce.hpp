#pragma once
#include <cstdint>

#include "common/core/trace.hpp"
#include "common/core/variants.hpp"
#include "common/examples/mapreduce/spec.hpp"

namespace hpcp::omp::mapreduce {
// results[k] = compute(k) for k in [0, n) and their total, by `omp for` with
// the given schedule (chunk 0: the schedule's default) and a reduction.
hpcp::mapreduce::Output map_reduce(std::uint64_t n, Schedule schedule, int chunk,
                                   const Tracer& tracer = Tracer{});  // item k: compute(k)
}  // namespace hpcp::omp::mapreduce
