// fibonacci_condition under MPI at whatever rank count mpiexec gives: zero
// items, one item, the notebook, duplicates, values beyond F(93), more ranks
// than items, and chunks of several values, each against the serial baseline
// with exactly-once delivery; every worker must end on its stop message.
#define BOOST_TEST_MODULE mpi_fibonacci_condition
#include "mpi_fixture.hpp"

#include "common/core/rng.hpp"
#include "mpi/fibonacci_condition.hpp"

using namespace hpcp;

namespace {
bool run_and_check(const std::vector<std::uint64_t>& values, std::size_t chunk) {
  const auto in = test::rank() == 0 ? values : std::vector<std::uint64_t>{};
  const auto out = hpcp::mpi::fibonacci_condition::serve(in, chunk, MPI_COMM_WORLD);
  if (test::rank() != 0) return out.dict.empty() && out.consumed.empty();
  Verdict v;
  fib_dict::verify(values, fib_dict::serial(values), out, v);
  for (const auto& m : v.messages()) BOOST_TEST_MESSAGE(m);
  bool ok = v.ok() && out.consumed.size() == static_cast<std::size_t>(test::size());
  if (test::size() > 1) ok = ok && out.consumed[0].empty();  // rank 0 only produces
  return ok;
}
}  // namespace

BOOST_AUTO_TEST_CASE(small_inputs_match_serial) {
  const std::vector<std::vector<std::uint64_t>> inputs = {
      {}, {7}, {3, 10, 5, 7}, {5, 5, 5, 0, 0, 1, 5}, {94, 93, 300, 1, 2}};
  for (const auto& values : inputs)
    for (std::size_t chunk : {1, 2, 5})
      BOOST_TEST(test::all_ranks(run_and_check(values, chunk)),
                 values.size() << " values, chunk " << chunk << ", ranks = " << test::size());
}

BOOST_AUTO_TEST_CASE(many_values_are_delivered_exactly_once) {
  const auto values = uniform_values(3001, 0, 150, 11);
  for (std::size_t chunk : {1, 7, 4000})
    BOOST_TEST(test::all_ranks(run_and_check(values, chunk)),
               "chunk " << chunk << ", ranks = " << test::size());
}

BOOST_AUTO_TEST_CASE(the_kernel_can_run_again) {
  // The driver calls it for warm-up and every repetition: no message may be left over.
  for (int r = 0; r < 3; ++r) BOOST_TEST(test::all_ranks(run_and_check({3, 10, 5, 7}, 1)));
}
