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

#include <numeric>

#include "common/kit/arithmetic.hpp"
#include "common/mpi/driver.hpp"

namespace hpcp::mpi::mapreduce {

using hpcp::mapreduce::Output;

namespace {

// Rank r's items, in the order they travel: contiguous for block, r, r+P, ...
// for cyclic. The concatenation over ranks is the send buffer's order.
std::vector<std::uint64_t> items_of(std::uint64_t n, int rank, int size, Distribution d) {
  std::vector<std::uint64_t> items;
  switch (d) {
    case Distribution::block: {
      const std::uint64_t base = n / size, extra = n % size;
      const std::uint64_t lo = rank * base + std::min<std::uint64_t>(rank, extra);
      const std::uint64_t count = base + (static_cast<std::uint64_t>(rank) < extra ? 1 : 0);
      items.resize(count);
      std::iota(items.begin(), items.end(), lo);
      break;
    }
    case Distribution::cyclic:
      for (std::uint64_t k = rank; k < n; k += size) items.push_back(k);
      break;
  }
  return items;
}

}  // namespace

Output map_reduce(std::uint64_t n, Distribution distribution, MPI_Comm comm) {
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

struct Example {
  static constexpr std::string_view name = "mapreduce";
  static constexpr std::string_view summary =
      "mapreduce (MPI + OpenMP): the notebook's Pool.map of compute(n) over range(N), "
      "scattered over ranks, threaded inside each";
  static constexpr bool hybrid = true;
  using Input = std::uint64_t;  // N
  using Output = hpcp::mapreduce::Output;
  using Run = hpcp::Run<Input, Output>;

  std::uint64_t n = 10000;
  Distribution distribution = Distribution::cyclic;

  void add_flags(CLI::App& app) {
    hpcp::mapreduce::add_size_flag(app, n);
    add_choice(app, "--distribution", distribution, "how items are dealt to ranks");
  }
  std::optional<std::string> validate(const CommonOptions&) const {
    if (n > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return "--n: at most " + std::to_string(std::numeric_limits<int>::max()) + " under MPI";
    return std::nullopt;
  }
  Json params() const { return {{"n", n}, {"distribution", name_of(distribution)}}; }
  Input make_input(const Context&) const { return n; }
  Output serial(const Input& in) const { return hpcp::mapreduce::serial(in); }
  Output parallel(const Input& in, const Context& ctx) const {
    return map_reduce(in, distribution, ctx.comm);
  }
  void verify(const Run& run, Verdict& v) const {
    hpcp::mapreduce::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const {
    return hpcp::mapreduce::result_json(run.input, run.serial, run.parallel);
  }
  void describe(Report& report, const Run& run) const {
    const double share = hpcp::mapreduce::block_split_busiest_share(run.input, report.ranks);
    if (distribution == Distribution::block && report.ranks > 1)
      report.notes.push_back("block distribution: the busiest rank holds " +
                             std::to_string(static_cast<int>(share * 100 + 0.5)) +
                             "% of the work, so the speedup cannot exceed " +
                             fixed(1.0 / share, 2) + "; use --distribution cyclic to balance");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::mapreduce::print_notebook(os, run.input, run.parallel, run.serial);
  }
};

}  // namespace hpcp::mpi::mapreduce

int hpcp_main(int argc, char** argv) { return hpcp::mpi::run<hpcp::mpi::mapreduce::Example>(argc, argv); }
