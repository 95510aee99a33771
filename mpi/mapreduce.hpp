#pragma once
#include <mpi.h>

#include <cstdint>

#include "common/core/variants.hpp"
#include "common/examples/mapreduce/spec.hpp"

namespace hpcp::mpi::mapreduce {
// Rank 0 scatters range(n) by `distribution` (MPI_Scatterv), every rank maps
// its share with OpenMP threads, rank 0 gathers the list (MPI_Gatherv) back
// into input order and reduces the total (MPI_Reduce). Result on rank 0 only.
hpcp::mapreduce::Output map_reduce(std::uint64_t n, Distribution distribution, MPI_Comm comm);
}  // namespace hpcp::mpi::mapreduce
