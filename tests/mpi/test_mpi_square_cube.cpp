// square_cube under MPI at whatever rank count mpiexec gives: the shares
// cover every value once per task, and the gathered lists equal the serial
// baseline and the closed forms: empty input, one item, more ranks than
// items, duplicates, the largest values; twice in a row (buffers reused).
#define BOOST_TEST_MODULE mpi_square_cube
#include "mpi_fixture.hpp"

#include <numeric>

#include "common/core/driver.hpp"
#include "common/examples/square_cube/spec.hpp"
#include "mpi/square_cube.hpp"

using namespace hpcp;
namespace sc = hpcp::square_cube;
namespace ms = hpcp::mpi::square_cube;

BOOST_AUTO_TEST_CASE(shares_cover_each_task_once) {
  bool ok = true;
  for (std::uint64_t n : {0, 1, 3, 4, 10, 1001})
    for (int p = 1; p <= 6; ++p) {
      std::uint64_t next_sq = 0, next_cu = 0;
      for (int r = 0; r < p; ++r) {
        const auto s = ms::share_of(n, r, p);
        if (s.square_count > 0) {
          ok = ok && s.square_lo == next_sq;
          next_sq += s.square_count;
        }
        if (s.cube_count > 0) {
          ok = ok && s.cube_lo == next_cu;
          next_cu += s.cube_count;
        }
        if (p > 1) ok = ok && (r % 2 == 0 ? s.cube_count == 0 : s.square_count == 0);
      }
      ok = ok && next_sq == n && next_cu == n;
    }
  BOOST_TEST(test::all_ranks(ok));
}

BOOST_AUTO_TEST_CASE(gathered_lists_match_serial) {
  std::vector<std::vector<std::uint64_t>> inputs;
  for (std::uint64_t n : {0, 1, 2, 3, 4, 5, 1000, 100003}) {
    sc::Values v;
    v.n = n;
    inputs.push_back(v.materialize());
  }
  inputs.push_back({7, 7, 0, sc::max_value, 7});
  bool ok = true;
  for (const auto& values : inputs) {
    auto a = ms::make_arrays(values.size(), MPI_COMM_WORLD);
    for (int round = 0; round < 2; ++round) {
      const auto per_rank = ms::square_and_cube(values, a, MPI_COMM_WORLD);
      if (test::rank() == 0) {
        std::vector<std::uint64_t> sq(values.size()), cu(values.size());
        sc::serial(values, sq, cu);
        Verdict v;
        sc::verify(values, sq, cu, a.squares.span(), a.cubes.span(), v);
        ok = ok && v.ok() && per_rank.size() == static_cast<std::size_t>(test::size()) &&
             std::accumulate(per_rank.begin(), per_rank.end(), std::uint64_t{0}) ==
                 2 * values.size();
        std::fill_n(a.squares.data.get(), a.squares.size,
                    sc::poison_value);  // round 2 must rewrite all
        std::fill_n(a.cubes.data.get(), a.cubes.size, sc::poison_value);
      }
    }
  }
  BOOST_TEST(test::all_ranks(ok));
}
