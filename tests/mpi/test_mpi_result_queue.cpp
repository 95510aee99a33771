// result_queue under MPI at whatever rank count mpiexec gives (1-4 in CTest):
// zero items, one item, more ranks than items, batches from 1 to more than
// the items, heavy items; with one rank, rank 0 produces and drains alone and
// the arrivals are in order.
#define BOOST_TEST_MODULE mpi_result_queue
#include "mpi_fixture.hpp"

#include "common/examples/result_queue/spec.hpp"
#include "mpi/result_queue.hpp"

using namespace hpcp;
namespace rq = hpcp::result_queue;

namespace {
bool check(std::uint64_t n, const rq::Output& out) {
  if (test::rank() != 0) return out.arrivals.empty() && out.per_worker.empty();
  Verdict v;
  rq::verify(n, rq::serial(n, 0), out, v);
  bool ok = v.ok() && out.per_worker.size() == static_cast<std::size_t>(test::size());
  // Cyclic shares: rank r puts the items r+1, r+1+P, ...
  for (std::size_t r = 0; r < out.per_worker.size(); ++r) {
    const std::uint64_t share =
        n > r ? (n - r + out.per_worker.size() - 1) / out.per_worker.size() : 0;
    ok = ok && out.per_worker[r] == share;
  }
  if (test::size() == 1) ok = ok && out.arrivals == rq::serial(n, 0).arrivals;
  return ok;
}
}  // namespace

BOOST_AUTO_TEST_CASE(gather_any_matches_serial) {
  for (std::size_t batch : {1, 2, 5, 100000})
    for (std::uint64_t n : {0, 1, 2, 3, 4, 5, 17, 20000}) {
      const auto out = hpcp::mpi::result_queue::gather_any(n, 0, batch, MPI_COMM_WORLD);
      BOOST_TEST(test::all_ranks(check(n, out)),
                 "n " << n << ", batch " << batch << ", ranks " << test::size());
    }
}

BOOST_AUTO_TEST_CASE(heavy_items) {
  const auto out = hpcp::mpi::result_queue::gather_any(200, 20000, 3, MPI_COMM_WORLD);
  BOOST_TEST(test::all_ranks(check(200, out)), "ranks " << test::size());
}
