#include "common/mpi/driver.hpp"

namespace hpcp::mpi {

std::vector<TraceEvent> Backend::gather(const Trace& trace) const {
  const std::vector<TraceEvent> mine = trace.events(rank);
  // Events are plain bytes of one layout: every rank runs the same binary.
  const int bytes = static_cast<int>(mine.size() * sizeof(TraceEvent));
  const int size = processes();
  std::vector<int> counts(rank == 0 ? static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm), "MPI_Gather");
  std::vector<int> displs(counts.size(), 0);
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    displs[r] = static_cast<int>(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  std::vector<TraceEvent> all(total / sizeof(TraceEvent));
  check(MPI_Gatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), displs.data(),
                    MPI_BYTE, 0, comm),
        "MPI_Gatherv");
  return all;
}

}  // namespace hpcp::mpi

namespace hpcp::mpi::detail {

namespace {
std::string mpi_standard() {
  int major = 0, minor = 0;
  MPI_Get_version(&major, &minor);
  return std::to_string(major) + "." + std::to_string(minor);
}
}  // namespace

std::string mpi_version_lines() {
  return "MPI: " + Environment::library_version() + " (MPI standard " + mpi_standard() + ")\n";
}

Json mpi_provenance(const Environment& env) {
  Json p = base_provenance();
  p["mpi_library"] = Environment::library_version();
  p["mpi_standard"] = mpi_standard();
  p["mpi_thread_required"] = thread_level_name(env.required());
  p["mpi_thread_provided"] = thread_level_name(env.provided());
  if (!env.osc_choice().empty()) p["mpi_osc"] = env.osc_choice();
  return p;
}

}  // namespace hpcp::mpi::detail
