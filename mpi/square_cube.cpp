// square_cube, MPI — notebook cell "Intro to Multiprocessing".
//
// Pattern: two different tasks at once: cal_square prints n*n and cal_cube
// n*n*n for each n of num_array. Every rank is a process, as in the notebook:
// rank 0 squares and rank 1 cubes; with more ranks the even ranks share the
// squares and the odd ranks the cubes, in contiguous blocks (with 3 ranks,
// ranks 0 and 2 split the squares while rank 1 cubes alone: the report's
// items_per_rank shows the imbalance); one rank does both in turn. Rank 0 then
// holds both lists: two MPI_Gatherv (MPI_IN_PLACE at the root, where its own
// block is computed directly), timed with the work.
// Expected: "square of [1] is [1]", "cube of [1] is [1]", ... "cube of [4] is
// [64]", then "Tasks done in <seconds>".
// Exact: values above 2642245 are refused (their cube would not fit 64 bits).
// Not ported: the cell's own print order races between the two processes;
// its timing includes process start-up.
#include "mpi/square_cube.hpp"

#include <algorithm>

#include "common/kit/partition.hpp"
#include "common/mpi/driver.hpp"

namespace hpcp::mpi::square_cube {

namespace sc = hpcp::square_cube;

namespace {
void block(std::uint64_t n, int index, int members, std::size_t& lo, std::size_t& count) {
  const BlockRange b =
      block_range(n, static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(members));
  lo = b.lo;
  count = b.count;
}
}  // namespace

Share share_of(std::uint64_t n, int rank, int size) {
  Share s;
  if (size == 1) return {0, n, 0, n};
  if (rank % 2 == 0)
    block(n, rank / 2, (size + 1) / 2, s.square_lo, s.square_count);
  else
    block(n, rank / 2, size / 2, s.cube_lo, s.cube_count);
  return s;
}

Arrays make_arrays(std::uint64_t n, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Arrays a;
  a.mine = share_of(n, rank, size);
  const bool root = rank == 0;
  a.squares = sc::Buffer(root ? n : a.mine.square_count);
  a.cubes = sc::Buffer(root ? n : a.mine.cube_count);
  std::fill_n(a.squares.data.get(), a.squares.size, sc::poison_value);
  std::fill_n(a.cubes.data.get(), a.cubes.size, sc::poison_value);
  if (root)
    for (int r = 0; r < size; ++r) {
      const Share s = share_of(n, r, size);
      a.square_counts.push_back(static_cast<int>(s.square_count));
      a.square_displs.push_back(static_cast<int>(s.square_lo));
      a.cube_counts.push_back(static_cast<int>(s.cube_count));
      a.cube_displs.push_back(static_cast<int>(s.cube_lo));
    }
  return a;
}

std::vector<std::uint64_t> square_and_cube(std::span<const std::uint64_t> values, Arrays& a,
                                           MPI_Comm comm, const Tracer& tracer) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const bool root = rank == 0;
  const Share& s = a.mine;
  // On rank 0 the block lands at its place in the whole array; elsewhere at 0.
  std::uint64_t* sq = a.squares.data.get() + (root ? s.square_lo : 0);
  std::uint64_t* cu = a.cubes.data.get() + (root ? s.cube_lo : 0);
  if (tracer.on()) {  // value by value, each an item
    const std::size_t n = values.size();
    for (std::size_t i = 0; i < s.square_count; ++i) {
      const ItemScope item(tracer, s.square_lo + i);
      sq[i] = sc::square(values[s.square_lo + i]);
    }
    for (std::size_t i = 0; i < s.cube_count; ++i) {
      const ItemScope item(tracer, n + s.cube_lo + i);
      cu[i] = sc::cube(values[s.cube_lo + i]);
    }
  } else {
    sc::squares_of(values.data() + s.square_lo, sq, s.square_count);  // cal_square
    sc::cubes_of(values.data() + s.cube_lo, cu, s.cube_count);        // cal_cube
  }
  const int nsq = static_cast<int>(s.square_count), ncu = static_cast<int>(s.cube_count);
  if (root) {
    check(MPI_Gatherv(MPI_IN_PLACE, nsq, MPI_UINT64_T, a.squares.data.get(), a.square_counts.data(),
                      a.square_displs.data(), MPI_UINT64_T, 0, comm),
          "MPI_Gatherv");
    check(MPI_Gatherv(MPI_IN_PLACE, ncu, MPI_UINT64_T, a.cubes.data.get(), a.cube_counts.data(),
                      a.cube_displs.data(), MPI_UINT64_T, 0, comm),
          "MPI_Gatherv");
  } else {
    check(MPI_Gatherv(sq, nsq, MPI_UINT64_T, nullptr, nullptr, nullptr, MPI_UINT64_T, 0, comm),
          "MPI_Gatherv");
    check(MPI_Gatherv(cu, ncu, MPI_UINT64_T, nullptr, nullptr, nullptr, MPI_UINT64_T, 0, comm),
          "MPI_Gatherv");
  }
  const std::uint64_t items = s.square_count + s.cube_count;
  std::vector<std::uint64_t> per_rank(root ? static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(&items, 1, MPI_UINT64_T, per_rank.data(), 1, MPI_UINT64_T, 0, comm),
        "MPI_Gather");
  return per_rank;
}

struct Example : sc::Spec<Arrays> {
  static constexpr std::string_view summary =
      "square_cube (MPI): the notebook's two processes, squares and cubes of num_array, as ranks "
      "(even ranks square, odd ranks cube) gathered to rank 0";

  Input make_input(const Context& ctx) const {
    return Spec::make_input(ctx.rank == 0, make_arrays(values.count(), ctx.comm));
  }
  Output parallel(Input& in, const Context& ctx) const {
    const double t0 = MPI_Wtime();
    auto per_rank = square_and_cube(in.values, in.store, ctx.comm, ctx.tracer);
    const double seconds = MPI_Wtime() - t0;
    if (ctx.rank != 0) return {};
    return {in.store.squares.span(), in.store.cubes.span(), std::move(per_rank), seconds};
  }
  void describe(Report& report, const Run& run) const {
    sc::describe(report, run.input.values.size(), run.parallel.per_worker, "rank");
    report.notes.push_back(
        "even ranks square, odd ranks cube; the time includes gathering both "
        "lists to rank 0 (16 bytes per value)");
  }
};

}  // namespace hpcp::mpi::square_cube

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::square_cube::Example>(argc, argv);
}
