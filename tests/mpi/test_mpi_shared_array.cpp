// shared_array under MPI at whatever rank count mpiexec gives: both modes
// against the serial baseline and the closed form, empty input, one item,
// more ranks than items, duplicates; in shared mode every rank sees its
// node's whole window and rank 0 the whole array. The layout over several
// nodes (one window per node, node 0's window the whole array) is a pure
// function, tested here for many node shapes on one node.
#define BOOST_TEST_MODULE mpi_shared_array
#include "mpi_fixture.hpp"

#include <cmath>
#include <vector>

#include "common/core/driver.hpp"

#include "common/examples/shared_array/spec.hpp"
#include "mpi/shared_array.hpp"

using namespace hpcp;
namespace sa = hpcp::shared_array;
namespace ma = hpcp::mpi::shared_array;

namespace {
bool run_and_check(const sa::Values& values, ArrayMode mode) {
  auto a = ma::make_arrays(values, mode, MPI_COMM_WORLD);
  ma::square_all(a, MPI_COMM_WORLD);
  bool ok = true;
  const std::size_t n = values.count();
  // What this rank may read: rank 0 the whole array; in shared mode every
  // other rank its node's range (which starts its node's window).
  std::size_t lo = 0, count = 0;
  if (test::rank() == 0)
    count = n;
  else if (mode == ArrayMode::shared)
    lo = a.node.lo, count = a.node.count;
  if (mode == ArrayMode::shared) {
    ok = a.window.lo == a.node.lo && a.node.lo <= a.mine.lo && a.mine.hi() <= a.node.hi();
    if (test::rank() == 0) ok = ok && a.window.lo == 0 && a.window.count == n;
  }
  Verdict v;
  sa::verify(a.values(), a.squares(), count, v);
  ok = ok && v.ok();
  for (std::size_t i = 0; i < count; ++i)
    ok = ok && a.values()[i] == values.at(lo + i) &&
         a.squares()[i] == sa::square_closed_form(static_cast<std::uint64_t>(values.at(lo + i)));
  // Again, after rank 0 poisons the whole array (once every rank has read
  // it): every block must be rewritten.
  MPI_Barrier(MPI_COMM_WORLD);
  if (test::rank() == 0) sa::poison(a.squares(), n);
  ma::square_all(a, MPI_COMM_WORLD);
  if (test::rank() == 0)
    for (std::size_t i = 0; i < n; ++i) ok = ok && a.squares()[i] == sa::square(values.at(i));
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

// The pure layout of --mode shared over any node shape: the blocks, taken in
// (node, node rank) order, cover [0, n) once; each node's range is the union
// of its blocks, contiguous, and the ranges follow one another in node order;
// the segments of node 0 add up to the whole array (its last rank's segment
// holds every other node's range after its block), those of any other node
// to its range.
BOOST_AUTO_TEST_CASE(node_layout_covers_the_array_once) {
  const std::vector<std::vector<int>> shapes = {
      {1}, {4}, {1, 1}, {2, 2}, {1, 3}, {3, 1}, {2, 1, 3}, {1, 1, 1, 1, 1}, {5, 2, 7, 1}};
  for (const auto& sizes : shapes)
    for (std::uint64_t n : {0, 1, 2, 3, 4, 5, 7, 16, 1001, 100003}) {
      int size = 0;
      for (int s : sizes) size += s;
      std::uint64_t next = 0, node_next = 0;
      int position = 0;
      bool ok = true;
      for (int k = 0; k < static_cast<int>(sizes.size()); ++k) {
        std::uint64_t segments = 0;
        const auto first = ma::place(sizes, n, k, 0);
        ok = ok && first.node.lo == node_next;
        for (int r = 0; r < sizes[static_cast<std::size_t>(k)]; ++r, ++position) {
          const auto p = ma::place(sizes, n, k, r);
          const auto b = ma::block_of(n, position, size);
          ok = ok && p.block.lo == next && p.block.lo == b.lo && p.block.count == b.count;
          ok = ok && p.node.lo == first.node.lo && p.node.count == first.node.count;
          ok = ok && p.node.lo <= p.block.lo && p.block.hi() <= p.node.hi();
          const bool last_of_node0 = k == 0 && r == sizes[0] - 1;
          ok = ok && p.segment == p.block.count + (last_of_node0 ? n - p.node.hi() : 0);
          ok = ok && (k == 0 ? p.window.lo == 0 && p.window.count == n
                             : p.window.lo == p.node.lo && p.window.count == p.node.count);
          next += p.block.count;
          segments += p.segment;
        }
        ok = ok && first.node.hi() == next;  // the node's blocks are exactly its range
        ok = ok && segments == (k == 0 ? n : first.node.count);
        node_next = first.node.hi();
      }
      BOOST_TEST((ok && next == n && node_next == n),
                 "n = " << n << ", " << sizes.size() << " nodes, first of " << sizes[0]);
    }
}

BOOST_AUTO_TEST_CASE(node_layout_rejects_a_bad_shape) {
  const std::vector<int> empty_node = {2, 0, 1}, two = {2, 2};
  BOOST_CHECK_THROW(ma::place(empty_node, 10, 0, 0), std::invalid_argument);
  BOOST_CHECK_THROW(ma::place(two, 10, 2, 0), std::invalid_argument);
  BOOST_CHECK_THROW(ma::place(two, 10, 1, 2), std::invalid_argument);
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
