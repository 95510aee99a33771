// shared_array, MPI — notebook cell "multiprocessing.Array & multiprocessing.Value".
//
// Pattern: workers write n*n for each n of num_array into a shared array of
// doubles that the main program (rank 0) then reads.
// --mode shared (default), the MPI+MPI hybrid: one MPI-3 shared-memory
// window per node. MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) makes the node
// communicators, MPI_Comm_split over the node leaders (node rank 0, keyed by
// world rank) numbers the nodes, MPI_Allgather tells every rank how many ranks
// each node has. Ordered by (node, node rank), the ranks take consecutive
// blocks, so each node's blocks are one contiguous range of the array.
// MPI_Win_allocate_shared on each node (one segment per rank, its block,
// contiguous, first touched by its owner) and MPI_Win_shared_query give every
// rank its node's whole window; rank 0's node window holds the whole array
// (its last rank's segment also holds the other nodes' ranges). Plain loads
// and stores inside an MPI_Win_lock_all epoch, ordered by MPI_Win_sync +
// MPI_Barrier on the node; then the node leaders MPI_Gatherv their node's
// range into rank 0's window (MPI_IN_PLACE at rank 0; skipped on one node).
// --mode scatter: rank 0 holds the arrays, MPI_Scatterv the values and
// MPI_Gatherv the squares (MPI_IN_PLACE at the root: no extra copy there).
// Expected: "In the main process: [1.0, 4.0, 9.0, 16.0]".
// Not ported: nothing is wrong in the cell; its timing includes process start-up.
#include "mpi/shared_array.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "common/mpi/driver.hpp"
#include "common/mpi/node.hpp"

namespace hpcp::mpi::shared_array {

namespace sa = hpcp::shared_array;

Placement place(std::span<const int> node_sizes, std::uint64_t n, int node, int node_rank) {
  int size = 0, first = 0;  // all ranks; position of node's first rank
  for (std::size_t k = 0; k < node_sizes.size(); ++k) {
    if (node_sizes[k] < 1) throw std::invalid_argument("place: a node without ranks");
    if (static_cast<int>(k) == node) first = size;
    size += node_sizes[k];
  }
  if (node < 0 || static_cast<std::size_t>(node) >= node_sizes.size() || node_rank < 0 ||
      node_rank >= node_sizes[static_cast<std::size_t>(node)])
    throw std::invalid_argument("place: no such node or node rank");
  const int last = first + node_sizes[static_cast<std::size_t>(node)] - 1;
  const std::size_t lo = block_of(n, first, size).lo, hi = block_of(n, last, size).hi();
  Placement p;
  p.block = block_of(n, first + node_rank, size);
  p.node = {lo, hi - lo};
  p.window = node == 0 ? Block{0, n} : p.node;
  p.segment = p.block.count;
  if (node == 0 && first + node_rank == last) p.segment += n - p.node.hi();
  return p;
}

namespace {
// One shared window over the node; `count` doubles in this rank's segment.
double* allocate_shared(Window& win, std::size_t count, MPI_Comm node) {
  double* mine = nullptr;
  MPI_Win w = MPI_WIN_NULL;
  check(MPI_Win_allocate_shared(static_cast<MPI_Aint>(count * sizeof(double)), sizeof(double),
                                MPI_INFO_NULL, node, &mine, &w),
        "MPI_Win_allocate_shared");
  win = Window(w);
  check(MPI_Win_lock_all(MPI_MODE_NOCHECK, w), "MPI_Win_lock_all");
  win.unlock_all_before_free();
  return mine;
}
// The node's whole window: the start of node rank 0's segment.
double* whole_window(const Window& win, double* mine, const Placement& p) {
  MPI_Aint bytes = 0;
  int disp = 0;
  double* base = nullptr;
  check(MPI_Win_shared_query(win.get(), 0, &bytes, &disp, &base), "MPI_Win_shared_query");
  if (p.segment > 0 && base + (p.block.lo - p.window.lo) != mine)
    throw Error("MPI_Win_allocate_shared: segments are not contiguous in node-rank order");
  return base;
}
// Every store before it, on any rank of the node, is visible to every load after it.
void publish(const Window& win, MPI_Comm node) {
  check(MPI_Win_sync(win.get()), "MPI_Win_sync");
  check(MPI_Barrier(node), "MPI_Barrier");
  check(MPI_Win_sync(win.get()), "MPI_Win_sync");
}
// The leaders' MPI_Gatherv into rank 0's window: node k's range, per node.
// Its counts and displacements are int: beyond, every rank refuses alike.
void leaders_gather_layout(Arrays& a, std::span<const int> node_sizes) {
  constexpr std::uint64_t int_max = std::numeric_limits<int>::max();
  for (int k = 0; k < a.nodes; ++k) {
    const Block r = place(node_sizes, a.n, k, 0).node;
    if (r.lo > int_max || r.count > int_max)
      throw UsageError("--n: " + std::to_string(a.n) + " elements over " + std::to_string(a.nodes) +
                       " nodes give node " + std::to_string(k) + " the range [" +
                       std::to_string(r.lo) + ", " + std::to_string(r.hi()) + "), beyond " +
                       std::to_string(int_max) +
                       ", the limit of the leaders' MPI_Gatherv counts and displacements "
                       "(MPI counts are int); across several nodes --n up to " +
                       std::to_string(int_max) + " always fits");
    a.counts.push_back(static_cast<int>(r.count));
    a.displs.push_back(static_cast<int>(r.lo));
  }
}
}  // namespace

Arrays make_arrays(const sa::Values& values, ArrayMode mode, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Arrays a;
  a.mode = mode;
  a.n = values.count();
  const bool shared = mode == ArrayMode::shared;
  Placement p;
  if (shared) {
    Nodes nodes = find_nodes(comm);
    p = place(nodes.sizes, a.n, nodes.index, nodes.node_rank);
    a.nodes = static_cast<int>(nodes.sizes.size());
    a.node_comm = std::move(nodes.node);
    a.leaders_comm = std::move(nodes.leaders);
    a.mine = p.block;
    a.node = p.node;
    a.window = p.window;
    if (a.nodes > 1) leaders_gather_layout(a, nodes.sizes);
  } else {
    a.mine = block_of(a.n, rank, size);
  }
  // What this rank holds: its two window segments (node 0's last rank also
  // the other nodes' ranges); in scatter mode rank 0 the whole arrays and
  // the others one block.
  const std::uint64_t held = shared      ? p.segment * sa::bytes_per_element
                             : rank == 0 ? a.n * sa::bytes_per_element
                                         : a.mine.count * sizeof(double);
  const auto budget = node_budget(held, shared, comm);
  if (!budget.fits)
    throw UsageError(sa::memory_problem(a.n, budget.need, budget.available, budget.where)
                         .value_or("--n: " + std::to_string(a.n) +
                                   " elements do not fit in "
                                   "the memory of one of the nodes"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (shared) {
    double* v = allocate_shared(a.values_win, p.segment, a.node_comm.get());
    double* s = allocate_shared(a.squares_win, p.segment, a.node_comm.get());
    // First touch by the owner: its block and, on node 0's last rank, the
    // other nodes' ranges, which rank 0 reads (serial baseline, verification).
    for (std::size_t i = 0; i < p.segment; ++i) {
      v[i] = values.at(p.block.lo + i);
      s[i] = nan;
    }
    a.values_at = whole_window(a.values_win, v, p);
    a.squares_at = whole_window(a.squares_win, s, p);
    publish(a.values_win, a.node_comm.get());
    publish(a.squares_win, a.node_comm.get());
    return a;
  }
  for (int r = 0; r < size; ++r) {
    const Block b = block_of(a.n, r, size);
    a.counts.push_back(static_cast<int>(b.count));
    a.displs.push_back(static_cast<int>(b.lo));
  }
  if (rank == 0) {
    a.root_values.resize(static_cast<Eigen::Index>(a.n));
    for (std::size_t i = 0; i < a.n; ++i)
      a.root_values[static_cast<Eigen::Index>(i)] = values.at(i);
    a.root_squares = Eigen::ArrayXd::Constant(static_cast<Eigen::Index>(a.n), nan);
    a.values_at = a.root_values.data();
    a.squares_at = a.root_squares.data();
  } else {
    a.block.resize(static_cast<Eigen::Index>(a.mine.count));
    a.values_at = a.squares_at = a.block.data();  // squared in place
  }
  return a;  // moving the Eigen arrays keeps their data where values_at points
}

namespace {
// square_block on this rank's elements [lo, lo + count) of n, chunk by chunk
// when traced or paced.
void square_mine(const double* v, double* s, std::size_t lo, std::size_t count, std::size_t n,
                 const Tracer& tracer) {
  if (!tracer.on()) return sa::square_block(v, s, count);
  const std::size_t chunk = sa::trace_chunk(n);
  for (std::size_t i = 0; i < count;) {
    const std::size_t g = lo + i, id = g / chunk, end = std::min(count, (id + 1) * chunk - lo);
    if (g % chunk == 0) {
      const ItemScope item(tracer, id);
      sa::square_block(v + i, s + i, end - i);
    } else {  // the tail of a chunk that a lower rank starts and records
      sa::square_block(v + i, s + i, end - i);
    }
    i = end;
  }
}
}  // namespace

void square_all(Arrays& a, MPI_Comm comm, const Tracer& tracer) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (a.mode == ArrayMode::shared) {
    const MPI_Comm node = a.node_comm.get();
    // Rank 0's earlier stores (serial baseline, poison) come first, and a
    // leader's previous MPI_Gatherv has sent its node's range before it is rewritten.
    publish(a.squares_win, node);
    const std::size_t at = a.mine.lo - a.window.lo;
    square_mine(a.values() + at, a.squares() + at, a.mine.lo, a.mine.count, a.n, tracer);
    publish(a.squares_win, node);  // every block of the node written before it is read
    const MPI_Comm leaders = a.leaders_comm.get();
    if (a.nodes == 1 || leaders == MPI_COMM_NULL) return;  // one node: rank 0 reads the window
    if (rank == 0)  // node 0's range is in place; the others land after it, in its window
      check(MPI_Gatherv(MPI_IN_PLACE, a.counts[0], MPI_DOUBLE, a.squares(), a.counts.data(),
                        a.displs.data(), MPI_DOUBLE, 0, leaders),
            "MPI_Gatherv");
    else
      check(MPI_Gatherv(a.squares(), static_cast<int>(a.node.count), MPI_DOUBLE, nullptr, nullptr,
                        nullptr, MPI_DOUBLE, 0, leaders),
            "MPI_Gatherv");
    return;
  }
  const int mine = static_cast<int>(a.mine.count);
  if (rank == 0) {
    check(MPI_Scatterv(a.values(), a.counts.data(), a.displs.data(), MPI_DOUBLE, MPI_IN_PLACE, mine,
                       MPI_DOUBLE, 0, comm),
          "MPI_Scatterv");
    square_mine(a.values(), a.squares(), a.mine.lo, a.mine.count, a.n, tracer);  // block 0 at 0
    check(MPI_Gatherv(MPI_IN_PLACE, mine, MPI_DOUBLE, a.squares(), a.counts.data(), a.displs.data(),
                      MPI_DOUBLE, 0, comm),
          "MPI_Gatherv");
  } else {
    check(
        MPI_Scatterv(nullptr, nullptr, nullptr, MPI_DOUBLE, a.squares(), mine, MPI_DOUBLE, 0, comm),
        "MPI_Scatterv");
    square_mine(a.squares(), a.squares(), a.mine.lo, a.mine.count, a.n, tracer);  // in place
    check(
        MPI_Gatherv(a.squares(), mine, MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, comm),
        "MPI_Gatherv");
  }
}

namespace {
// What the report says the run holds, per mode and node count.
std::string held_note(const Arrays& a) {
  if (a.mode == ArrayMode::scatter)
    return "rank 0 holds values and squares (16 bytes per element); every other rank one "
           "block of 8 bytes per element, squared in place";
  if (a.nodes == 1)
    return "one MPI-3 shared window pair on the node: rank 0 maps both (values and squares, "
           "16 bytes per element, one copy on the node; the other ranks touch their blocks)";
  return "one MPI-3 shared window pair per node, " + std::to_string(a.nodes) +
         " nodes: rank 0's node holds the whole array (16 bytes per element: its ranks' "
         "blocks, then the other nodes' ranges in its last rank's segment), every other "
         "node its own range; each parallel run the node leaders gathered " +
         std::to_string(a.gathered_bytes()) +
         " bytes of squares into rank 0's window "
         "(MPI_Gatherv)";
}

// The Input of a run: its arrays on every rank, viewed whole on rank 0 only.
sa::Input<Arrays> viewed_on_root(Arrays arrays, int rank) {
  const std::size_t whole = rank == 0 ? arrays.n : 0;
  const std::span<double> values{arrays.values(), whole}, squares{arrays.squares(), whole};
  return {std::move(arrays), values, squares};  // a move keeps the data where the views point
}
}  // namespace

// Rank 0 writes the one array serially (timed); the parallel runs overwrite it.
struct Example : sa::Spec<Arrays> {
  static constexpr std::string_view summary =
      "shared_array (MPI): the notebook's mp.Array of n*n written by workers and read by rank 0, "
      "as one MPI-3 shared-memory window per node, the node leaders gathering into rank 0's "
      "(or MPI_Scatterv/MPI_Gatherv)";
  ArrayMode mode = ArrayMode::shared;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_choice(app, "--mode", mode, "how the ranks share the array");
  }
  std::optional<std::string> validate(const CommonOptions&) const {
    if (mode == ArrayMode::shared || values.count() <= std::numeric_limits<int>::max()) return {};
    return "--n: at most " + std::to_string(std::numeric_limits<int>::max()) +
           " with --mode scatter (MPI counts are int); --mode shared has no such limit on one "
           "node, and across nodes only per node";
  }
  Json params() const { return merged(Spec::params(), {{"mode", name_of(mode)}}); }
  Input make_input(const Context& ctx) const {
    return viewed_on_root(make_arrays(values, mode, ctx.comm), ctx.rank);
  }
  Output parallel(Input& in, const Context& ctx) const {
    const double t0 = MPI_Wtime();
    square_all(in.arrays(), ctx.comm, ctx.tracer);
    return {in.squares(), MPI_Wtime() - t0};
  }
  void describe(Report& report, const Run& run) const {
    const Arrays& a = run.input.arrays();
    sa::describe(report, a.n, a.n * sa::bytes_per_element, held_note(a));
    if (mode == ArrayMode::shared) report.metrics["leaders_gathered_bytes"] = a.gathered_bytes();
  }
};

}  // namespace hpcp::mpi::shared_array

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::shared_array::Example>(argc, argv);
}
