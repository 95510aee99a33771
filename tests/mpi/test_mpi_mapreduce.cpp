// mapreduce under MPI at whatever rank count mpiexec gives: both
// distributions against the serial baseline, empty input, more ranks than items.
#define BOOST_TEST_MODULE mpi_mapreduce
#include "mpi_fixture.hpp"

#include <omp.h>

#include "common/examples/mapreduce/spec.hpp"
#include "common/kit/arithmetic.hpp"
#include "mpi/mapreduce.hpp"

using namespace hpcp;

BOOST_AUTO_TEST_CASE(both_distributions_match_serial) {
  omp_set_num_threads(2);
  for (auto d : {Distribution::block, Distribution::cyclic}) {
    for (std::uint64_t n : {0, 1, 2, 3, 5, 1000, 10000}) {
      const auto out = hpcp::mpi::mapreduce::map_reduce(n, d, MPI_COMM_WORLD);
      bool ok = true;
      if (test::rank() == 0) {
        const auto ref = hpcp::mapreduce::serial(n);
        ok = out.results == ref.results && out.total == *mapreduce_total_closed_form(n);
      } else {
        ok = out.results.empty();  // the result lives on rank 0 only
      }
      BOOST_TEST(test::all_ranks(ok),
                 "distribution " << name_of(d) << ", n = " << n << ", ranks = " << test::size());
    }
  }
}
