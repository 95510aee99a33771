#pragma once
#include <mpi.h>

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "mpi_window.hpp"
#include "shared_array_serial.hpp"

namespace hpcp::mpi::shared_array {

// Rank r's block of n elements (the first n % P ranks get one more).
struct Block {
  std::size_t lo = 0, count = 0;
};
Block block_of(std::uint64_t n, int rank, int size);

// The arrays of one run, on every rank.
//  shared:  two MPI-3 shared-memory windows (values, squares) on the node,
//           each rank's segment is its block, contiguous in rank order, so
//           every rank can address the whole arrays; an MPI_Win_lock_all
//           epoch (MPI_MODE_NOCHECK) stays open for load/store access.
//  scatter: rank 0 holds the whole arrays in Eigen::ArrayXd, every other rank
//           one block (squared in place).
struct Arrays {
  ArrayMode mode = ArrayMode::shared;
  std::uint64_t n = 0;
  Block mine;
  Window values_win, squares_win;
  double* shared_values = nullptr;   // the whole arrays, rank 0's segment onwards
  double* shared_squares = nullptr;
  Eigen::ArrayXd root_values, root_squares, block;
  std::vector<int> counts, displs;   // MPI_Scatterv/MPI_Gatherv layout

  // The whole arrays: on every rank in shared mode, on rank 0 in scatter mode.
  double* values() { return mode == ArrayMode::shared ? shared_values : root_values.data(); }
  double* squares() { return mode == ArrayMode::shared ? shared_squares : root_squares.data(); }
};

// Collective. Refuses alike on every rank (UsageError) --mode shared with
// ranks on several nodes, and a size that does not fit in a node's memory.
// Allocates, and lets each rank first touch its own block.
Arrays make_arrays(const hpcp::shared_array::Values& values, ArrayMode mode, MPI_Comm comm);

// Collective: squares = n*n of values; afterwards rank 0 reads the whole array
// through squares().
void square_all(Arrays& arrays, MPI_Comm comm);

}  // namespace hpcp::mpi::shared_array
