// Where the ranks run and whether what they will hold fits there: MPI-only
// helpers for examples that allocate large or node-shared memory.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>

namespace hpcp::mpi {

struct NodeBudget {
  bool several_nodes = false;  // the ranks span more than one node (same on every rank)
  bool fits = true;            // every node has room for what its ranks hold (same on every rank)
  std::uint64_t need = 0;      // bytes rank 0's node must hold
  std::uint64_t available = 0; // what rank 0's node has for them
  std::string where;           // what bounded it: "MemAvailable" or the shared-memory directory
};

// Collective over `comm`. Every rank passes the bytes it will hold; each
// node (MPI_Comm_split_type MPI_COMM_TYPE_SHARED) adds them up and its first
// rank compares the sum with MemAvailable and, for shared-memory windows
// (`shared_window`), the free space where Open MPI keeps their backing files
// (osc_sm_backing_directory, /dev/shm by default). Every rank gets the same
// verdict, so all can refuse alike.
NodeBudget node_budget(std::uint64_t my_bytes, bool shared_window, MPI_Comm comm);

}  // namespace hpcp::mpi
