// Boost.Test under MPI: a global fixture owns MPI_Init/MPI_Finalize, and
// every assertion first combines the verdict of all ranks, so one failing
// rank fails the test everywhere instead of stranding the others in a
// collective.
#pragma once

#include <boost/test/unit_test.hpp>

#include <mpi.h>

namespace hpcp::test {

struct MpiFixture {
  MpiFixture() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  ~MpiFixture() { MPI_Finalize(); }
};

inline int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
inline int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

// True on every rank iff `ok` on every rank.
inline bool all_ranks(bool ok) {
  int local = ok ? 1 : 0, global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return global == 1;
}

}  // namespace hpcp::test

using hpcp::test::MpiFixture;
BOOST_TEST_GLOBAL_FIXTURE(MpiFixture);
