// Where the ranks run and whether what they will hold fits there: MPI-only
// helpers for examples that allocate large or node-shared memory.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/mpi/window.hpp"

namespace hpcp::mpi {

struct NodeBudget {
  bool several_nodes = false;   // the ranks span more than one node (same on every rank)
  bool fits = true;             // every node has room for what its ranks hold (same on every rank)
  std::uint64_t need = 0;       // bytes rank 0's node must hold
  std::uint64_t available = 0;  // what rank 0's node has for them
  std::string where;            // what bounded it: "MemAvailable" or the shared-memory directory
};

// This rank's node: the ranks of `comm` that share its memory
// (MPI_Comm_split_type(MPI_COMM_TYPE_SHARED), keyed by rank). Collective.
Comm node_comm(MPI_Comm comm);

// The nodes of `comm`: this rank's node communicator and, on node leaders
// (node rank 0), the leaders' communicator (MPI_COMM_NULL elsewhere); node k
// is rank k of the leaders, so node 0 is rank 0's node and rank 0 its leader;
// on every rank, sizes[k] is the number of ranks on node k and node_of[r] the
// node of rank r. `color`, for tests on one host: the node this rank claims
// (MPI_Comm_split) instead of the memory it shares. Collective.
struct Nodes {
  Comm node, leaders;
  int index = 0, node_rank = 0;
  std::vector<int> sizes, node_of;

  int count() const { return static_cast<int>(sizes.size()); }
  std::vector<int> members(int k) const;  // the ranks of node k, ascending
};
Nodes find_nodes(MPI_Comm comm, std::optional<int> color = std::nullopt);

// Collective over `comm`. Every rank passes the bytes it will hold; each
// node (MPI_Comm_split_type MPI_COMM_TYPE_SHARED) adds them up and its first
// rank compares the sum with MemAvailable and, for shared-memory windows
// (`shared_window`), the free space where the library keeps their backing files
// (Open MPI: osc_sm_backing_directory, /dev/shm by default; MPICH: /dev/shm, or
// /tmp without it). Every rank gets the same
// verdict, so all can refuse alike.
NodeBudget node_budget(std::uint64_t my_bytes, bool shared_window, MPI_Comm comm);

}  // namespace hpcp::mpi
