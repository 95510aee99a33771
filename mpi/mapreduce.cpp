// mapreduce, MPI + OpenMP (hybrid) — notebook cell "MapReduce - [Pool]".
//
// Pattern: Pool.map of compute(n) over range(N) across ranks. Constructs:
// MPI_Scatterv of the inputs (block or cyclic distribution), a local
// `omp parallel for schedule(dynamic)` inside each rank (MPI_THREAD_FUNNELED:
// only the master thread calls MPI), MPI_Gatherv of the result list and
// MPI_Reduce of the total. Item k costs k steps, so a block split gives the
// last rank the most work; cyclic deals items round robin and balances.
// Expected: "Difference between two results: 0", total 166616670000.
#include "mpi/mapreduce.hpp"

#include <limits>
#include <numeric>

#include "common/kit/arithmetic.hpp"
#include "common/kit/partition.hpp"
#include "common/mpi/driver.hpp"

namespace hpcp::mpi::mapreduce {

using hpcp::mapreduce::note_block_split;
using hpcp::mapreduce::Output;

namespace {

// Rank r's items, in the order they travel: contiguous for block, r, r+P, ...
// for cyclic. The concatenation over ranks is the send buffer's order.
std::vector<std::uint64_t> items_of(std::uint64_t n, int rank, int size, Distribution d) {
  std::vector<std::uint64_t> items;
  switch (d) {
    case Distribution::block: {
      const BlockRange b =
          block_range(n, static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(size));
      items.resize(b.count);
      std::iota(items.begin(), items.end(), b.lo);
      break;
    }
    case Distribution::cyclic:
      for (std::uint64_t k = rank; k < n; k += size) items.push_back(k);
      break;
  }
  return items;
}

}  // namespace

Output map_reduce(std::uint64_t n, Distribution distribution, MPI_Comm comm, const Tracer& tracer) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);

  // Rank 0 lays out range(n) rank by rank; counts and displacements follow.
  std::vector<int> counts(size), displs(size);
  std::vector<std::uint64_t> order;  // order[j]: the input at send position j
  for (int r = 0; r < size; ++r) {
    auto items = items_of(n, r, size, distribution);
    counts[r] = static_cast<int>(items.size());
    displs[r] = r == 0 ? 0 : displs[r - 1] + counts[r - 1];
    if (rank == 0) order.insert(order.end(), items.begin(), items.end());
  }

  std::vector<std::uint64_t> mine(counts[rank]), mapped(counts[rank]);
  check(MPI_Scatterv(order.data(), counts.data(), displs.data(), MPI_UINT64_T, mine.data(),
                     counts[rank], MPI_UINT64_T, 0, comm),
        "MPI_Scatterv");

  std::uint64_t local_total = 0;
  const auto local_n = static_cast<std::int64_t>(mine.size());
#pragma omp parallel for schedule(dynamic) reduction(+ : local_total)
  for (std::int64_t j = 0; j < local_n; ++j) {
    const ItemScope item(tracer, mine[j]);  // --trace, --pace-us: a null check otherwise
    mapped[j] = compute(mine[j]);
    local_total += mapped[j];
  }

  std::vector<std::uint64_t> gathered(rank == 0 ? n : 0);
  check(MPI_Gatherv(mapped.data(), counts[rank], MPI_UINT64_T, gathered.data(), counts.data(),
                    displs.data(), MPI_UINT64_T, 0, comm),
        "MPI_Gatherv");
  Output out;
  check(MPI_Reduce(&local_total, &out.total, 1, MPI_UINT64_T, MPI_SUM, 0, comm), "MPI_Reduce");
  if (rank == 0) {
    out.results.resize(n);
    for (std::uint64_t j = 0; j < n; ++j) out.results[order[j]] = gathered[j];
  }
  return out;
}

struct Example : hpcp::mapreduce::Spec {
  static constexpr std::string_view summary =
      "mapreduce (MPI + OpenMP): the notebook's Pool.map of compute(n) over range(N), "
      "scattered over ranks, threaded inside each";
  static constexpr bool hybrid = true;
  Distribution distribution = Distribution::cyclic;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_choice(app, "--distribution", distribution, "how items are dealt to ranks");
  }
  std::optional<std::string> validate(const CommonOptions&) const {
    if (n <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return std::nullopt;
    return "--n: at most " + std::to_string(std::numeric_limits<int>::max()) + " under MPI";
  }
  Json params() const { return merged(Spec::params(), {{"distribution", name_of(distribution)}}); }
  Output parallel(const Input& in, const Context& ctx) const {
    return map_reduce(in, distribution, ctx.comm, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    if (distribution == Distribution::block)
      note_block_split(report, run.input, report.ranks, "block distribution", "rank",
                       "--distribution cyclic");
  }
};

}  // namespace hpcp::mpi::mapreduce

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::mapreduce::Example>(argc, argv);
}
