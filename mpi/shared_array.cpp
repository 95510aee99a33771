// shared_array, MPI — notebook cell "multiprocessing.Array & multiprocessing.Value".
//
// Pattern: workers write n*n for each n of num_array into a shared array of
// doubles that the main program (rank 0) then reads. Constructs, --mode shared
// (default): MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) to check that all
// ranks share a node, MPI_Win_allocate_shared (one segment per rank, its
// block, contiguous) and MPI_Win_shared_query, plain loads and stores inside
// an MPI_Win_lock_all epoch, ordered by MPI_Win_sync + MPI_Barrier. Ranks on
// several nodes cannot share one window: shared mode refuses them (exit 2,
// naming --mode scatter) rather than silently measure something else.
// --mode scatter: rank 0 holds the arrays, MPI_Scatterv the values and
// MPI_Gatherv the squares (MPI_IN_PLACE at the root: no extra copy there).
// Expected: "In the main process: [1.0, 4.0, 9.0, 16.0]".
// Not ported: nothing is wrong in the cell; its timing includes process start-up.
#include "shared_array.hpp"

#include <limits>

#include "mpi_driver.hpp"
#include "mpi_node.hpp"

namespace hpcp::mpi::shared_array {

namespace sa = hpcp::shared_array;

Block block_of(std::uint64_t n, int rank, int size) {
  const std::uint64_t base = n / size, extra = n % size, r = rank;
  return {r * base + std::min(r, extra), base + (r < extra ? 1 : 0)};
}

namespace {
// One shared window of `count` doubles per rank; returns this rank's segment.
double* allocate_shared(Window& win, std::size_t count, MPI_Comm comm) {
  double* mine = nullptr;
  MPI_Win w = MPI_WIN_NULL;
  check(MPI_Win_allocate_shared(static_cast<MPI_Aint>(count * sizeof(double)), sizeof(double),
                                MPI_INFO_NULL, comm, &mine, &w),
        "MPI_Win_allocate_shared");
  win = Window(w);
  check(MPI_Win_lock_all(MPI_MODE_NOCHECK, w), "MPI_Win_lock_all");
  win.unlock_all_before_free();
  return mine;
}
double* whole_array(const Window& win, double* mine, const Block& block) {
  MPI_Aint bytes = 0;
  int disp = 0;
  double* base = nullptr;
  check(MPI_Win_shared_query(win.get(), 0, &bytes, &disp, &base), "MPI_Win_shared_query");
  if (block.count > 0 && base + block.lo != mine)
    throw Error("MPI_Win_allocate_shared: segments are not contiguous in rank order");
  return base;
}
// Every store before it, on any rank, is visible to every load after it.
void publish(const Window& win, MPI_Comm comm) {
  check(MPI_Win_sync(win.get()), "MPI_Win_sync");
  check(MPI_Barrier(comm), "MPI_Barrier");
  check(MPI_Win_sync(win.get()), "MPI_Win_sync");
}
}  // namespace

Arrays make_arrays(const sa::Values& values, ArrayMode mode, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Arrays a;
  a.mode = mode;
  a.n = values.count();
  a.mine = block_of(a.n, rank, size);
  const bool shared = mode == ArrayMode::shared;
  // What this rank holds: its two window segments; in scatter mode rank 0
  // the whole arrays and the others one block.
  const std::uint64_t held = shared      ? a.mine.count * sa::bytes_per_element
                             : rank == 0 ? a.n * sa::bytes_per_element
                                         : a.mine.count * sizeof(double);
  const auto budget = node_budget(held, shared, comm);
  if (shared && budget.several_nodes)
    throw UsageError("--mode shared: the ranks run on several nodes, and an MPI-3 shared window "
                     "spans one node; use --mode scatter");
  if (!budget.fits)
    throw UsageError(sa::memory_problem(a.n, budget.need, budget.available, budget.where)
                         .value_or("--n: " + std::to_string(a.n) + " elements do not fit in "
                                   "the memory of one of the nodes"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (shared) {
    double* v = allocate_shared(a.values_win, a.mine.count, comm);
    double* s = allocate_shared(a.squares_win, a.mine.count, comm);
    for (std::size_t i = 0; i < a.mine.count; ++i) {  // first touch by the owner
      v[i] = values.at(a.mine.lo + i);
      s[i] = nan;
    }
    a.shared_values = whole_array(a.values_win, v, a.mine);
    a.shared_squares = whole_array(a.squares_win, s, a.mine);
    publish(a.values_win, comm);
    publish(a.squares_win, comm);
    return a;
  }
  for (int r = 0; r < size; ++r) {
    const Block b = block_of(a.n, r, size);
    a.counts.push_back(static_cast<int>(b.count));
    a.displs.push_back(static_cast<int>(b.lo));
  }
  if (rank == 0) {
    a.root_values.resize(static_cast<Eigen::Index>(a.n));
    for (std::size_t i = 0; i < a.n; ++i) a.root_values[static_cast<Eigen::Index>(i)] = values.at(i);
    a.root_squares = Eigen::ArrayXd::Constant(static_cast<Eigen::Index>(a.n), nan);
  } else {
    a.block.resize(static_cast<Eigen::Index>(a.mine.count));
  }
  return a;
}

void square_all(Arrays& a, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (a.mode == ArrayMode::shared) {
    publish(a.squares_win, comm);  // rank 0's earlier stores (serial baseline) come first
    sa::square_block(a.shared_values + a.mine.lo, a.shared_squares + a.mine.lo, a.mine.count);
    publish(a.squares_win, comm);  // every block written before rank 0 reads
    return;
  }
  const int mine = static_cast<int>(a.mine.count);
  if (rank == 0) {
    check(MPI_Scatterv(a.root_values.data(), a.counts.data(), a.displs.data(), MPI_DOUBLE,
                       MPI_IN_PLACE, mine, MPI_DOUBLE, 0, comm), "MPI_Scatterv");
    sa::square_block(a.root_values.data(), a.root_squares.data(), a.mine.count);  // block 0 at 0
    check(MPI_Gatherv(MPI_IN_PLACE, mine, MPI_DOUBLE, a.root_squares.data(), a.counts.data(),
                      a.displs.data(), MPI_DOUBLE, 0, comm), "MPI_Gatherv");
  } else {
    check(MPI_Scatterv(nullptr, nullptr, nullptr, MPI_DOUBLE, a.block.data(), mine, MPI_DOUBLE,
                       0, comm), "MPI_Scatterv");
    sa::square_block(a.block.data(), a.block.data(), a.mine.count);  // in place
    check(MPI_Gatherv(a.block.data(), mine, MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                      comm), "MPI_Gatherv");
  }
}

struct Example {
  static constexpr std::string_view name = "shared_array";
  static constexpr std::string_view summary =
      "shared_array (MPI): the notebook's mp.Array of n*n written by workers and read by rank 0, "
      "as an MPI-3 shared-memory window (or Scatterv/Gatherv across nodes)";
  struct Input {
    mutable Arrays arrays;
    mutable bool serial_wrote = false;
  };
  struct Output {
    std::span<const double> squares;  // rank 0: the whole array; empty elsewhere and for serial
    double seconds = 0;
  };
  using Run = hpcp::Run<Input, Output>;

  sa::Values values;
  ArrayMode mode = ArrayMode::shared;

  void add_flags(CLI::App& app) {
    sa::add_value_flags(app, values);
    add_choice(app, "--mode", mode, "how the ranks share the array");
  }
  std::optional<std::string> validate(const CommonOptions&) const {
    if (mode == ArrayMode::scatter && values.count() > std::numeric_limits<int>::max())
      return "--n: at most " + std::to_string(std::numeric_limits<int>::max()) +
             " with --mode scatter (MPI counts are int); --mode shared has no such limit";
    return std::nullopt;
  }
  Json params() const {
    Json p = values.params();
    p["mode"] = name_of(mode);
    return p;
  }
  Input make_input(const Context& ctx) const { return Input{make_arrays(values, mode, ctx.comm)}; }
  // Rank 0 writes the one array serially (timed); the parallel runs overwrite
  // it and verify() replays the serial baseline chunk by chunk.
  Output serial(const Input& in) const {
    sa::square_block(in.arrays.values(), in.arrays.squares(), in.arrays.n);
    in.serial_wrote = true;
    return {};
  }
  Output parallel(const Input& in, const Context& ctx) const {
    if (in.serial_wrote) {  // rank 0, untimed warm-up: no stale serial value may pass
      sa::poison(in.arrays.squares(), in.arrays.n);
      in.serial_wrote = false;
    }
    const double t0 = MPI_Wtime();
    square_all(in.arrays, ctx.comm);
    if (ctx.rank != 0) return {};
    return {{in.arrays.squares(), in.arrays.n}, MPI_Wtime() - t0};
  }
  void verify(const Run& run, Verdict& v) const {
    sa::verify(run.input.arrays.values(), run.parallel.squares.data(), run.parallel.squares.size(), v);
  }
  Json result(const Run& run) const { return sa::result_json(run.parallel.squares); }
  void describe(Report& report, const Run& run) const {
    const std::uint64_t n = run.input.arrays.n;
    sa::describe(report, n, n * sa::bytes_per_element,
                 mode == ArrayMode::shared
                     ? "rank 0 maps both node-shared windows (values and squares, 16 bytes per "
                       "element, one copy on the node; the other ranks touch their blocks)"
                     : "rank 0 holds values and squares (16 bytes per element); every other "
                       "rank one block of 8 bytes per element, squared in place");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    sa::print_notebook(os, values, run.parallel.squares, run.parallel.seconds);
  }
};

}  // namespace hpcp::mpi::shared_array

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::shared_array::Example>(argc, argv);
}
