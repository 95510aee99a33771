#include "common/mpi/node.hpp"

#include <algorithm>
#include <cstdlib>

#include "common/kit/memory_budget.hpp"
#include "common/mpi/env.hpp"

namespace hpcp::mpi {

Comm node_comm(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm node = MPI_COMM_NULL;
  check(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
  return Comm(node);
}

Nodes find_nodes(MPI_Comm comm, std::optional<int> color) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Nodes nodes;
  if (color) {
    MPI_Comm claimed = MPI_COMM_NULL;
    check(MPI_Comm_split(comm, *color, rank, &claimed), "MPI_Comm_split");
    nodes.node = Comm(claimed);
  } else {
    nodes.node = node_comm(comm);
  }
  MPI_Comm_rank(nodes.node.get(), &nodes.node_rank);
  MPI_Comm leaders = MPI_COMM_NULL;
  check(MPI_Comm_split(comm, nodes.node_rank == 0 ? 0 : MPI_UNDEFINED, rank, &leaders),
        "MPI_Comm_split");
  nodes.leaders = Comm(leaders);
  if (leaders != MPI_COMM_NULL) MPI_Comm_rank(leaders, &nodes.index);
  check(MPI_Bcast(&nodes.index, 1, MPI_INT, 0, nodes.node.get()), "MPI_Bcast");
  nodes.node_of.resize(static_cast<std::size_t>(size));
  check(MPI_Allgather(&nodes.index, 1, MPI_INT, nodes.node_of.data(), 1, MPI_INT, comm),
        "MPI_Allgather");
  const int count = *std::max_element(nodes.node_of.begin(), nodes.node_of.end()) + 1;
  nodes.sizes.assign(static_cast<std::size_t>(count), 0);
  for (int k : nodes.node_of) ++nodes.sizes[static_cast<std::size_t>(k)];
  return nodes;
}

std::vector<int> Nodes::members(int k) const {
  std::vector<int> ranks;
  for (std::size_t r = 0; r < node_of.size(); ++r)
    if (node_of[r] == k) ranks.push_back(static_cast<int>(r));
  return ranks;
}

NodeBudget node_budget(std::uint64_t my_bytes, bool shared_window, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const Comm node = node_comm(comm);
  int node_rank = 0, node_size = 1;
  MPI_Comm_rank(node.get(), &node_rank);
  MPI_Comm_size(node.get(), &node_size);
  std::uint64_t node_need = 0;
  check(MPI_Allreduce(&my_bytes, &node_need, 1, MPI_UINT64_T, MPI_SUM, node.get()),
        "MPI_Allreduce");

  NodeBudget b;
  int fits = 1;
  if (node_rank == 0) {
    b.need = node_need;
    b.available = available_memory_bytes();
    b.where = "MemAvailable";
    // Where the library keeps the files behind MPI_Win_allocate_shared (their
    // pages count against that file system, a tmpfs of its own size):
    //   Open MPI: osc/sm maps a file in OMPI_MCA_osc_sm_backing_directory
    //             (default /dev/shm);
    //   MPICH:    MPL's shared segments are files /dev/shm/mpich_shar_tmp*,
    //             in /tmp where there is no /dev/shm (not configurable).
    std::string backing, library;
#if defined(OPEN_MPI) && OPEN_MPI
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read on the main thread, nothing sets it
    const char* dir = std::getenv("OMPI_MCA_osc_sm_backing_directory");
    backing = dir ? dir : "/dev/shm";
    library = "Open MPI";
#elif defined(MPICH)
    backing = free_bytes_at("/dev/shm") ? "/dev/shm" : "/tmp";
    library = "MPICH";
#endif
    if (shared_window && !backing.empty()) {
      if (auto free = free_bytes_at(backing); free && *free < b.available) {
        b.available = *free;
        b.where = "free space in " + backing + ", where " + library + " keeps shared windows";
      }
    }
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
