// producer_consumer under MPI at whatever rank count mpiexec gives (1-4 in
// CTest): master/worker self-scheduling against the serial baseline for zero
// items, one item, more ranks than items, duplicates, values beyond F(93) and
// several chunk sizes. With one rank, rank 0 consumes every item itself.
#define BOOST_TEST_MODULE mpi_producer_consumer
#include "mpi_fixture.hpp"

#include "fib_dict.hpp"
#include "producer_consumer.hpp"
#include "rng.hpp"

using namespace hpcp;

namespace {

const std::vector<std::vector<std::uint64_t>> inputs{
    {},
    {10},
    {3, 10},                                  // fewer items than ranks at 3 and 4
    {7, 7, 7, 7, 7, 7, 0, 0, 1},              // duplicates
    {93, 94, 95, 500, 2000, 94, 2},           // BigUInt results travel as limbs
    uniform_values(15, 1, 20, 42),            // the notebook's size
    uniform_values(3000, 1, 300, 11),
};

// Rank 0 checks the output; every rank must return and agree.
bool check(const std::vector<std::uint64_t>& values, const fib_dict::Output& out) {
  if (test::rank() != 0) return out.dict.empty() && out.consumed.empty();
  Verdict v;
  fib_dict::verify(values, fib_dict::serial(values), out, v);
  std::size_t items = 0;
  for (const auto& c : out.consumed) items += c.size();
  return v.ok() && out.consumed.size() == static_cast<std::size_t>(test::size()) &&
         items == values.size();
}

}  // namespace

BOOST_AUTO_TEST_CASE(self_scheduling_matches_serial) {
  for (std::size_t chunk : {1, 2, 7, 1000})
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      // Only rank 0 holds the queue; the workers are sent what they compute.
      const auto& values = test::rank() == 0 ? inputs[k] : std::vector<std::uint64_t>{};
      const auto out = hpcp::mpi::producer_consumer::self_schedule(values, chunk, MPI_COMM_WORLD);
      BOOST_TEST(test::all_ranks(check(inputs[k], out)),
                 "input " << k << ", chunk " << chunk << ", ranks " << test::size());
    }
}

BOOST_AUTO_TEST_CASE(one_rank_does_everything) {
  if (test::size() != 1) return;
  const auto values = uniform_values(100, 1, 50, 3);
  const auto out = hpcp::mpi::producer_consumer::self_schedule(values, 1, MPI_COMM_WORLD);
  BOOST_TEST(out.consumed.size() == 1U);
  BOOST_TEST(out.consumed[0] == values, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(heavy_items_large_results) {
  // F(20000) is 218 limbs: results longer than the eager limit, several per
  // message with chunk 3. (Which rank gets how many is up to the scheduler of
  // a loaded machine, so it is not asserted.)
  const std::vector<std::uint64_t> all{20000, 19999, 20000, 15000, 1, 20000, 12345, 20000};
  const auto& values = test::rank() == 0 ? all : std::vector<std::uint64_t>{};
  for (std::size_t chunk : {1, 3}) {
    const auto out = hpcp::mpi::producer_consumer::self_schedule(values, chunk, MPI_COMM_WORLD);
    BOOST_TEST(test::all_ranks(check(all, out)), "chunk " << chunk << ", ranks " << test::size());
  }
}
