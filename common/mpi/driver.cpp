#include "common/mpi/driver.hpp"

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
