// shared_array under MPI at whatever rank count mpiexec gives: both modes
// against the serial baseline and the closed form, empty input, one item,
// more ranks than items, duplicates; in shared mode every rank sees the
// whole array through the window.
#define BOOST_TEST_MODULE mpi_shared_array
#include "mpi_fixture.hpp"

#include <cmath>

#include "driver.hpp"

#include "shared_array.hpp"
#include "shared_array_serial.hpp"

using namespace hpcp;
namespace sa = hpcp::shared_array;
namespace ma = hpcp::mpi::shared_array;

namespace {
bool run_and_check(const sa::Values& values, ArrayMode mode) {
  auto a = ma::make_arrays(values, mode, MPI_COMM_WORLD);
  ma::square_all(a, MPI_COMM_WORLD);
  bool ok = true;
  const std::size_t n = values.count();
  if (test::rank() == 0 || mode == ArrayMode::shared) {
    Verdict v;
    sa::verify(a.values(), a.squares(), n, v);
    ok = v.ok();
    for (std::size_t i = 0; i < n; ++i)
      ok = ok && a.squares()[i] == sa::square_closed_form(static_cast<std::uint64_t>(values.at(i)));
  }
  // Again, after rank 0 poisons the whole array (once every rank has read
  // it): every block must be rewritten.
  MPI_Barrier(MPI_COMM_WORLD);
  if (test::rank() == 0) sa::poison(a.squares(), n);
  ma::square_all(a, MPI_COMM_WORLD);
  if (test::rank() == 0)
    for (std::size_t i = 0; i < n; ++i)
      ok = ok && a.squares()[i] == sa::square(values.at(i));
  return ok;
}
}  // namespace

BOOST_AUTO_TEST_CASE(blocks_cover_the_range_once) {
  for (std::uint64_t n : {0, 1, 3, 4, 10, 1001})
    for (int p = 1; p <= 5; ++p) {
      std::uint64_t next = 0;
      for (int r = 0; r < p; ++r) {
        const auto b = ma::block_of(n, r, p);
        BOOST_TEST(b.lo == next);
        next += b.count;
      }
      BOOST_TEST(next == n);
    }
}

BOOST_AUTO_TEST_CASE(both_modes_match_serial) {
  for (auto mode : {ArrayMode::shared, ArrayMode::scatter})
    for (std::uint64_t n : {0, 1, 2, 3, 4, 5, 1000, 100003}) {
      sa::Values values;
      values.n = n;
      BOOST_TEST(test::all_ranks(run_and_check(values, mode)),
                 "mode " << name_of(mode) << ", n = " << n << ", ranks = " << test::size());
    }
}

BOOST_AUTO_TEST_CASE(explicit_values_with_duplicates) {
  sa::Values values;
  values.list = {7, 7, 0, sa::max_value, (std::uint64_t{1} << 27) + 1, 7};
  values.explicit_list = true;
  for (auto mode : {ArrayMode::shared, ArrayMode::scatter})
    BOOST_TEST(test::all_ranks(run_and_check(values, mode)), "mode " << name_of(mode));
}

BOOST_AUTO_TEST_CASE(memory_that_cannot_fit_is_refused_on_every_rank) {
  sa::Values values;
  values.n = std::uint64_t{1} << 50;  // 16 PiB
  for (auto mode : {ArrayMode::shared, ArrayMode::scatter}) {
    bool refused = false;
    try {
      ma::make_arrays(values, mode, MPI_COMM_WORLD);
    } catch (const UsageError& e) {
      refused = std::string(e.what()).find("--n:") == 0;
    }
    BOOST_TEST(test::all_ranks(refused), "mode " << name_of(mode));
  }
}
