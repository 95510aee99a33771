#include "mpi_env.hpp"

#include <array>

#include "rng.hpp"

namespace hpcp::mpi {

void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  std::array<char, MPI_MAX_ERROR_STRING> text{};
  int len = 0;
  MPI_Error_string(rc, text.data(), &len);
  throw Error(std::string(call) + " failed: " + std::string(text.data(), static_cast<std::size_t>(len)));
}

std::string thread_level_name(int level) {
  switch (level) {
    case MPI_THREAD_SINGLE: return "MPI_THREAD_SINGLE";
    case MPI_THREAD_FUNNELED: return "MPI_THREAD_FUNNELED";
    case MPI_THREAD_SERIALIZED: return "MPI_THREAD_SERIALIZED";
    case MPI_THREAD_MULTIPLE: return "MPI_THREAD_MULTIPLE";
    default: return "unknown";
  }
}

Environment::Environment(int& argc, char**& argv, int required) : required_(required) {
  if (MPI_Init_thread(&argc, &argv, required, &provided_) != MPI_SUCCESS)
    throw Error("MPI_Init_thread failed");
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Environment::~Environment() { MPI_Finalize(); }

std::string Environment::library_version() {
  std::array<char, MPI_MAX_LIBRARY_VERSION_STRING> text{};
  int len = 0;
  MPI_Get_library_version(text.data(), &len);
  std::string v(text.data(), static_cast<std::size_t>(len));
  while (!v.empty() && (v.back() == '\n' || v.back() == '\0')) v.pop_back();
  if (auto nl = v.find('\n'); nl != std::string::npos) v.resize(nl);
  return v;
}

std::vector<std::uint64_t> uniform_values_bcast(std::size_t count, std::uint64_t lo, std::uint64_t hi,
                                                std::uint64_t seed, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::vector<std::uint64_t> values;
  if (rank == 0) values = uniform_values(count, lo, hi, seed);
  bcast_vector(values, 0, comm);
  return values;
}

}  // namespace hpcp::mpi
