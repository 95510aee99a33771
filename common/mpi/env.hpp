// Thin MPI helpers: an RAII environment, error codes turned into exceptions
// with MPI's own message, and the type map. The examples call MPI directly.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hpcp::mpi {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throw hpcp::mpi::Error naming the call and MPI's explanation unless rc is MPI_SUCCESS.
void check(int rc, const char* call);

std::string thread_level_name(int level);

class Environment {
 public:
  // MPI_Init_thread asking for `required`; errors on MPI_COMM_WORLD return
  // codes (MPI_ERRORS_RETURN) so that check() can explain them.
  // `one_sided`: the program makes RMA windows across nodes; under Open MPI 4
  // an unset OMPI_MCA_osc becomes "^pt2pt" first (see one_sided_default()).
  Environment(int& argc, char**& argv, int required, bool one_sided = false);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int required() const { return required_; }
  int provided() const { return provided_; }
  static std::string library_version();
  // The one-sided components this run may choose from, and who chose them
  // (empty when the library's own configuration decides).
  const std::string& osc_choice() const { return osc_choice_; }

 private:
  int rank_ = 0, size_ = 1, required_ = MPI_THREAD_SINGLE, provided_ = MPI_THREAD_SINGLE;
  std::string osc_choice_;
};

// The MPI datatype of T.
template <class T>
MPI_Datatype datatype();
template <>
inline MPI_Datatype datatype<std::uint64_t>() {
  return MPI_UINT64_T;
}
template <>
inline MPI_Datatype datatype<std::int64_t>() {
  return MPI_INT64_T;
}
template <>
inline MPI_Datatype datatype<int>() {
  return MPI_INT;
}
template <>
inline MPI_Datatype datatype<double>() {
  return MPI_DOUBLE;
}
template <>
inline MPI_Datatype datatype<char>() {
  return MPI_CHAR;
}
template <>
inline MPI_Datatype datatype<unsigned char>() {
  return MPI_UNSIGNED_CHAR;
}

// Broadcast a vector from `root` (size first, then the data).
template <class T>
void bcast_vector(std::vector<T>& v, int root, MPI_Comm comm) {
  std::uint64_t n = v.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
  v.resize(n);
  if (n > 0)
    check(MPI_Bcast(v.data(), static_cast<int>(n), datatype<T>(), root, comm), "MPI_Bcast");
}

// Random inputs drawn once on rank 0 and broadcast, so every rank sees the
// same values whatever its own generator would do.
std::vector<std::uint64_t> uniform_values_bcast(std::size_t count, std::uint64_t lo,
                                                std::uint64_t hi, std::uint64_t seed,
                                                MPI_Comm comm);

}  // namespace hpcp::mpi
