#pragma once
#include <mpi.h>

#include <cstdint>
#include <span>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/square_cube/spec.hpp"

namespace hpcp::mpi::square_cube {

// Who does what among `size` ranks: even ranks square, odd ranks cube, each
// team splitting the values in contiguous blocks; one rank does both in turn.
struct Share {
  std::size_t square_lo = 0, square_count = 0;
  std::size_t cube_lo = 0, cube_count = 0;
};
Share share_of(std::uint64_t n, int rank, int size);

// The arrays of one run: rank 0 holds the whole squares and cubes, every
// other rank the block it computes; counts/displacements for MPI_Gatherv.
// Made once; each run writes the buffers.
struct Arrays {
  Share mine;
  hpcp::square_cube::Buffer squares, cubes;  // whole on rank 0, this rank's block elsewhere
  std::vector<int> square_counts, square_displs, cube_counts, cube_displs;
};
Arrays make_arrays(std::uint64_t n, MPI_Comm comm);

// Collective: every rank computes its share of `values`; rank 0 gathers the
// whole arrays (MPI_Gatherv, in place at the root). Returns, on rank 0, the
// items each rank computed.
// A `tracer` that is on sees each value: square i is item i, cube i item n + i.
std::vector<std::uint64_t> square_and_cube(std::span<const std::uint64_t> values, Arrays& arrays,
                                           MPI_Comm comm, const Tracer& tracer = Tracer{});

}  // namespace hpcp::mpi::square_cube
