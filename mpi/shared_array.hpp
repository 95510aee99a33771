#pragma once
#include <mpi.h>

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/shared_array/spec.hpp"
#include "common/kit/partition.hpp"
#include "common/mpi/window.hpp"

namespace hpcp::mpi::shared_array {

// Rank r's block of n elements (the first n % P ranks get one more).
using Block = BlockRange;
inline Block block_of(std::uint64_t n, int rank, int size) {
  return block_range(n, static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(size));
}

// Where --mode shared puts the array (a pure function, so that any number of
// nodes can be tested on one). The ranks are ordered by (node index, node
// rank) and position p in that order takes block_of(n, p, P): node k's blocks
// form one contiguous range of the array. `node_sizes[k]` is the number of
// ranks on node k; node 0 is rank 0's node.
struct Placement {
  Block block;              // this rank's elements, written by it
  Block node;               // its node's range: the union of its node's blocks
  Block window;             // what its node's window holds: [0, n) on node 0, `node` elsewhere
  std::size_t segment = 0;  // elements of its window segment: its block; on node 0's last
                            // rank also every other node's range, after its block
};
Placement place(std::span<const int> node_sizes, std::uint64_t n, int node, int node_rank);

// The storage of one run, on every rank.
//  shared:  one pair of MPI-3 shared-memory windows (values, squares) per
//           node; each rank's segment is its block, contiguous in node-rank
//           order, so every rank addresses its node's whole window; node 0's
//           window holds the whole array (its last rank's segment also holds
//           the other nodes' ranges), and the node leaders gather their
//           node's squares into it. An MPI_Win_lock_all epoch
//           (MPI_MODE_NOCHECK) stays open for load/store access.
//  scatter: rank 0 holds the whole arrays in Eigen::ArrayXd, every other rank
//           one block (squared in place).
// The kernel reaches the memory through values() and squares(), as a worker
// reaches mp.Array: a const Arrays still writes the squares.
struct Arrays {
  ArrayMode mode = ArrayMode::shared;
  std::uint64_t n = 0;
  Block mine;  // this rank's block of the global array
  // shared mode
  int nodes = 1;
  Block node, window;            // see Placement
  Comm node_comm, leaders_comm;  // leaders_comm: MPI_COMM_NULL off the node leaders
  Window values_win, squares_win;
  // scatter mode: rank 0's whole arrays; `block` elsewhere
  Eigen::ArrayXd root_values, root_squares, block;
  // scatter: MPI_Scatterv/MPI_Gatherv per rank; shared, several nodes: the
  // leaders' MPI_Gatherv per node
  std::vector<int> counts, displs;
  // Where the data is: the node's window from element window.lo (shared), the
  // whole arrays on rank 0 or this rank's block elsewhere (scatter).
  double* values_at = nullptr;
  double* squares_at = nullptr;

  // The whole arrays on rank 0 (both modes). In shared mode on every rank
  // its node's window: values()[i] is element window.lo + i.
  const double* values() const { return values_at; }
  const double* squares() const { return squares_at; }
  double* values() { return values_at; }
  double* squares() { return squares_at; }
  // Bytes of squares the node leaders send to rank 0 per square_all().
  std::uint64_t gathered_bytes() const {
    return mode == ArrayMode::shared && nodes > 1 ? (n - node.count) * sizeof(double) : 0;
  }
};

// Collective. Refuses alike on every rank (UsageError) a size that does not
// fit in a node's memory and, in shared mode across several nodes, a node
// range beyond MPI's int counts. Allocates, and lets each rank first touch
// its own block (node 0's last rank also the other nodes' ranges).
Arrays make_arrays(const hpcp::shared_array::Values& values, ArrayMode mode, MPI_Comm comm);

// Collective: squares = n*n of values; afterwards rank 0 reads the whole array
// through squares(), and in shared mode every rank its node's range
// (squares()[0, node.count) from window.lo = node.lo).
// A `tracer` that is on sees chunks of trace_chunk(n) elements (item c: the
// c-th chunk), each recorded by the rank that holds the chunk's first element.
void square_all(Arrays& arrays, MPI_Comm comm, const Tracer& tracer = Tracer{});

}  // namespace hpcp::mpi::shared_array
