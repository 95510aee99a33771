#include "mpi_node.hpp"

#include <algorithm>
#include <cstdlib>

#include "memory_budget.hpp"
#include "mpi_env.hpp"

namespace hpcp::mpi {

NodeLayout node_layout(MPI_Comm comm, int root) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Comm node = MPI_COMM_NULL;
  check(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
  int node_rank = 0, node_size = 1;
  MPI_Comm_rank(node, &node_rank);
  MPI_Comm_size(node, &node_size);
  MPI_Comm_free(&node);
  // A node's first rank speaks for it: its node's size, 0 from every other rank.
  const int mine = node_rank == 0 ? node_size : 0;
  std::vector<int> all(rank == root ? static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(&mine, 1, MPI_INT, all.data(), 1, MPI_INT, root, comm), "MPI_Gather");
  NodeLayout layout;
  for (int count : all)
    if (count > 0) layout.ranks_per_node.push_back(count);
  const int leader = node_rank == 0 ? 1 : 0;
  check(MPI_Allreduce(&leader, &layout.nodes, 1, MPI_INT, MPI_SUM, comm), "MPI_Allreduce");
  return layout;
}

NodeBudget node_budget(std::uint64_t my_bytes, bool shared_window, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Comm node = MPI_COMM_NULL;
  check(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
  int node_rank = 0, node_size = 1;
  MPI_Comm_rank(node, &node_rank);
  MPI_Comm_size(node, &node_size);
  std::uint64_t node_need = 0;
  const int rc = MPI_Allreduce(&my_bytes, &node_need, 1, MPI_UINT64_T, MPI_SUM, node);
  MPI_Comm_free(&node);
  check(rc, "MPI_Allreduce");

  NodeBudget b;
  int fits = 1;
  if (node_rank == 0) {
    b.need = node_need;
    b.available = available_memory_bytes();
    b.where = "MemAvailable";
#ifdef OPEN_MPI
    if (shared_window) {
      const char* dir = std::getenv("OMPI_MCA_osc_sm_backing_directory");
      const std::string backing = dir ? dir : "/dev/shm";
      if (auto free = free_bytes_at(backing); free && *free < b.available) {
        b.available = *free;
        b.where = "free space in " + backing + ", where Open MPI keeps shared windows";
      }
    }
#else
    (void)shared_window;
#endif
    fits = b.need <= b.available && b.available - b.need >= (std::uint64_t{64} << 20) ? 1 : 0;
  }
  int local[2] = {node_size != size ? 1 : 0, fits}, global[2] = {0, 0};
  check(MPI_Allreduce(&local[0], &global[0], 1, MPI_INT, MPI_MAX, comm), "MPI_Allreduce");
  check(MPI_Allreduce(&local[1], &global[1], 1, MPI_INT, MPI_MIN, comm), "MPI_Allreduce");
  b.several_nodes = global[0] == 1;
  b.fits = global[1] == 1;
  return b;
}

}  // namespace hpcp::mpi
