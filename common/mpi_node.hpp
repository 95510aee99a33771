// Where the ranks run and whether what they will hold fits there: MPI-only
// helpers for examples that allocate large or node-shared memory.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hpcp::mpi {

struct NodeBudget {
  bool several_nodes = false;  // the ranks span more than one node (same on every rank)
  bool fits = true;            // every node has room for what its ranks hold (same on every rank)
  std::uint64_t need = 0;      // bytes rank 0's node must hold
  std::uint64_t available = 0; // what rank 0's node has for them
  std::string where;           // what bounded it: "MemAvailable" or the shared-memory directory
};

// The nodes the ranks of `comm` run on: the shared-memory domains of
// MPI_Comm_split_type(MPI_COMM_TYPE_SHARED), one per host. Collective; the
// counts reach `root` only (in the order of each node's lowest rank, so rank
// 0's node first); every rank gets `nodes`.
struct NodeLayout {
  int nodes = 1;
  std::vector<int> ranks_per_node;  // at root
};
NodeLayout node_layout(MPI_Comm comm, int root = 0);

// Collective over `comm`. Every rank passes the bytes it will hold; each
// node (MPI_Comm_split_type MPI_COMM_TYPE_SHARED) adds them up and its first
// rank compares the sum with MemAvailable and, for shared-memory windows
// (`shared_window`), the free space where Open MPI keeps their backing files
// (osc_sm_backing_directory, /dev/shm by default). Every rank gets the same
// verdict, so all can refuse alike.
NodeBudget node_budget(std::uint64_t my_bytes, bool shared_window, MPI_Comm comm);

}  // namespace hpcp::mpi
