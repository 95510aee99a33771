// producer_consumer under MPI at whatever rank count mpiexec gives (1-4 in
// CTest): master/worker self-scheduling against the serial baseline for zero
// items, one item, more ranks than items, duplicates, values beyond F(93) and
// several chunk sizes. With one rank, rank 0 consumes every item itself. The
// hierarchical variant on the same inputs, also on several nodes claimed by
// colour on one host, and its cost-balanced split of the queue.
#define BOOST_TEST_MODULE mpi_producer_consumer
#include "mpi_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <utility>

#include "common/core/rng.hpp"
#include "common/kit/fib_dict.hpp"
#include "mpi/producer_consumer.hpp"

using namespace hpcp;

namespace {

const std::vector<std::vector<std::uint64_t>> inputs{
    {},
    {10},
    {3, 10},                                   // fewer items than ranks at 3 and 4
    {7, 7, 7, 7, 7, 7, 0, 0, 1},               // duplicates
    {93, 94, 95, 186, 187, 500, 2000, 94, 2},  // BigUInt results: 1, 2, 2, 2, 3... limbs
    uniform_values(15, 1, 20, 42),             // the notebook's size
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
  // F(20000) is 217 limbs: results longer than the eager limit, several per
  // message with chunk 3. (Which rank gets how many is up to the scheduler of
  // a loaded machine, so it is not asserted.)
  const std::vector<std::uint64_t> all{20000, 19999, 20000, 15000, 1, 20000, 12345, 20000};
  const auto& values = test::rank() == 0 ? all : std::vector<std::uint64_t>{};
  for (std::size_t chunk : {1, 3}) {
    const auto out = hpcp::mpi::producer_consumer::self_schedule(values, chunk, MPI_COMM_WORLD);
    BOOST_TEST(test::all_ranks(check(all, out)), "chunk " << chunk << ", ranks " << test::size());
  }
}

// The hierarchical variant on the real nodes (one, under CTest) and on nodes
// claimed by colour, so that one host also runs several: ranks dealt round
// robin (as mpirun --map-by node does), in blocks of two, and one node per
// rank. Node shares may be empty (fewer items than nodes).
BOOST_AUTO_TEST_CASE(hierarchical_matches_serial) {
  namespace pc = hpcp::mpi::producer_consumer;
  const int rank = test::rank();
  const std::vector<std::pair<const char*, std::optional<int>>> layouts{
      {"shared memory", std::nullopt},
      {"round robin", rank % 2},
      {"blocks of 2", rank / 2},
      {"one per rank", rank}};
  for (const auto& [layout, color] : layouts) {
    const auto nodes = hpcp::mpi::find_nodes(MPI_COMM_WORLD, color);
    for (std::size_t chunk : {1, 7})
      for (std::size_t k = 0; k < inputs.size(); ++k) {
        const auto& values = rank == 0 ? inputs[k] : std::vector<std::uint64_t>{};
        pc::Traffic traffic;
        const auto out = pc::hierarchical(values, chunk, MPI_COMM_WORLD, nodes, &traffic);
        bool ok = check(inputs[k], out);
        if (rank == 0)  // one share per node, covering the queue
          ok = ok && traffic.offsets.size() == static_cast<std::size_t>(nodes.count()) + 1 &&
               traffic.offsets.back() == inputs[k].size() &&
               traffic.off_node == 4 * static_cast<std::uint64_t>(nodes.count() - 1);
        BOOST_TEST(test::all_ranks(ok),
                   layout << ", input " << k << ", chunk " << chunk << ", ranks " << test::size());
      }
  }
}

// The cost-balanced split as a pure function: every item once, in order, and
// each node's share of sum(v^2 + 1) proportional to its ranks within one
// item's cost.
BOOST_AUTO_TEST_CASE(split_by_cost_is_balanced) {
  namespace pc = hpcp::mpi::producer_consumer;
  const std::vector<std::vector<std::uint64_t>> queues{{},
                                                       {10},
                                                       {0},
                                                       {20000, 1, 1, 1},
                                                       {1, 1, 1, 20000},
                                                       uniform_values(400, 1, 20000, 42),
                                                       uniform_values(1000, 1, 20, 7),
                                                       std::vector<std::uint64_t>(9, 5)};
  const std::vector<std::vector<int>> layouts{{1}, {2, 2}, {1, 1}, {2, 1, 3}, {4, 1, 1, 1, 1}};
  for (const auto& q : queues)
    for (const auto& ranks : layouts) {
      const auto o = pc::split_by_cost(q, ranks);
      BOOST_TEST_REQUIRE(o.size() == ranks.size() + 1);
      BOOST_TEST(o.front() == 0U);
      BOOST_TEST(o.back() == q.size());
      long double total = 0, biggest = 0;
      for (auto v : q) {
        total += pc::item_cost(v);
        biggest = std::max<long double>(biggest, pc::item_cost(v));
      }
      const long double all_ranks = std::accumulate(ranks.begin(), ranks.end(), 0);
      for (std::size_t j = 0; j < ranks.size(); ++j) {
        BOOST_TEST(o[j] <= o[j + 1]);  // contiguous shares in queue order
        long double cost = 0;
        for (std::size_t i = o[j]; i < o[j + 1]; ++i) cost += pc::item_cost(q[i]);
        const long double target = total * ranks[j] / all_ranks;
        BOOST_TEST(std::abs(static_cast<double>(cost - target)) <= static_cast<double>(biggest),
                   "node " << j << " of " << ranks.size() << ", " << q.size() << " items: cost "
                           << static_cast<double>(cost) << ", target "
                           << static_cast<double>(target));
      }
    }
  // Equal items, equal nodes: equal counts.
  const auto o = pc::split_by_cost(std::vector<std::uint64_t>(400, 100), {2, 2});
  BOOST_TEST(o[1] == 200U);
}
