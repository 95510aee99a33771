#pragma once
#include <mpi.h>

#include <cstdint>

#include "common/core/trace.hpp"
#include "common/core/variants.hpp"
#include "common/examples/mapreduce/spec.hpp"

namespace hpcp::mpi::mapreduce {
// Rank 0 scatters range(n) by `distribution` (MPI_Scatterv), every rank maps
// its share with OpenMP threads, rank 0 gathers the list (MPI_Gatherv) back
// into input order and reduces the total (MPI_Reduce). Result on rank 0 only.
// A `tracer` that is on sees each compute(k) as item k.
hpcp::mapreduce::Output map_reduce(std::uint64_t n, Distribution distribution, MPI_Comm comm,
                                   const Tracer& tracer = Tracer{});
}  // namespace hpcp::mpi::mapreduce
