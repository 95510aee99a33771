// The common lifecycle (driver.hpp) under MPI. Every rank parses the same
// arguments and so agrees without communicating on --help and usage errors:
// rank 0 prints, every rank finalises and returns the same exit code. Timings
// start after a barrier and are the maximum over ranks; rank 0 verifies and
// broadcasts the verdict so every rank exits alike.
//
// Beyond the concept hpcp::ExampleFor (core/example.hpp) an MPI example may provide
//   static constexpr bool hybrid;                          OpenMP threads inside ranks
//   static constexpr bool one_sided;                       RMA windows across nodes
//   std::optional<std::string> check_ranks(int size) const;   rank counts it cannot use
#pragma once

#include <omp.h>

#include "common/core/driver.hpp"
#include "common/mpi/env.hpp"
#include "common/mpi/node.hpp"

namespace hpcp::mpi {

struct Context {
  const CommonOptions& options;
  MPI_Comm comm;
  int rank;
  int size;
  int threads;         // OpenMP threads per rank (1 unless hybrid)
  const Nodes& nodes;  // the nodes of comm (find_nodes), found once for the whole run
  Tracer tracer;       // --trace / --pace-us: set only in the untimed notebook run
};

struct Backend {
  MPI_Comm comm;
  int rank;
  bool hybrid;
  bool is_root() const { return rank == 0; }
  template <class F>
  double time(F&& f) {
    check(MPI_Barrier(comm), "MPI_Barrier");
    const double t0 = MPI_Wtime();
    f();
    const double local = MPI_Wtime() - t0;
    double slowest = 0;
    check(MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm), "MPI_Allreduce");
    return slowest;
  }
  bool agree(bool ok) {
    int verdict = ok ? 1 : 0;
    check(MPI_Bcast(&verdict, 1, MPI_INT, 0, comm), "MPI_Bcast");
    return verdict == 1;
  }
  // --trace: every rank's time zero right after one barrier (each on its own
  // clock), and every rank's events gathered on rank 0.
  void trace_start(Trace& trace) const {
    check(MPI_Barrier(comm), "MPI_Barrier");
    trace.start();
  }
  std::vector<TraceEvent> gather(const Trace& trace) const;
  int processes() const {
    int size = 1;
    check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    return size;
  }
  LaneNames lane_names() const { return {true, hybrid}; }
};

namespace detail {
template <class E>
constexpr bool is_hybrid() {
  if constexpr (requires { E::hybrid; }) return E::hybrid;
  return false;
}
template <class E>
constexpr bool is_one_sided() {
  if constexpr (requires { E::one_sided; }) return E::one_sided;
  return false;
}
template <class E>
std::optional<std::string> rank_problem(const E& ex, int size) {
  if constexpr (requires { ex.check_ranks(size); }) return ex.check_ranks(size);
  return std::nullopt;
}
Json mpi_provenance(const Environment& env);
std::string mpi_version_lines();

// The fewest ranks the example runs on, read from its own check_ranks.
template <class E>
int min_ranks(const E& ex) {
  constexpr int most = 1024;
  for (int size = 1; size < most; ++size)
    if (!rank_problem(ex, size)) return size;
  return most;
}

// What the MPI model adds to the command line: the library in --version, the
// ranks in --help, --threads refused where each rank runs one thread.
template <class E>
ModelCli model_cli(const E& ex) {
  ModelCli model{"mpi_" + std::string(E::name), mpi_version_lines(), "", {}};
  model.help_note = "\nranks: " + std::to_string(min_ranks(ex)) + " or more (mpirun -np N); " +
                    (is_hybrid<E>() ? "OpenMP threads inside each rank (--threads, OMP_NUM_THREADS)"
                                    : "one thread per rank");
  if constexpr (!is_hybrid<E>())
    model.refused.push_back(
        {"--threads", "one thread per rank; for more workers run more ranks: mpirun -np N"});
  return model;
}
}  // namespace detail

template <ExampleFor<Context> E>
int run(int argc, char** argv) {
  constexpr bool hybrid = detail::is_hybrid<E>();
  Environment env(argc, argv, hybrid ? MPI_THREAD_FUNNELED : MPI_THREAD_SINGLE,
                  detail::is_one_sided<E>());
  const bool root = env.rank() == 0;
  try {
    E ex;
    CommonOptions opt;
    TraceOptions topt;
    if (auto code = hpcp::detail::parse(ex, opt, topt, detail::model_cli(ex), argc, argv, root))
      return *code;
    if (auto problem = detail::rank_problem(ex, env.size())) {
      if (root) std::cerr << "error: " << *problem << '\n';
      return exit_usage;
    }
    if (hybrid && env.provided() < MPI_THREAD_FUNNELED) {
      if (root)
        std::cerr << "error: the MPI library provides only " << thread_level_name(env.provided())
                  << "; hybrid runs need MPI_THREAD_FUNNELED\n";
      return exit_usage;
    }
    Report report;
    report.example = E::name;
    report.model = hybrid ? "hybrid" : "mpi";
    report.ranks = env.size();
    if (hybrid) {
      report.threads = omp::apply_thread_request(opt);
      report.threads_requested = opt.threads > 0 ? opt.threads : omp_num_threads_env();
    } else {
      omp_set_num_threads(1);
    }
    report.provenance = detail::mpi_provenance(env);
    const Nodes nodes = find_nodes(MPI_COMM_WORLD);
    report.nodes = static_cast<int>(nodes.sizes.size());
    report.ranks_per_node = nodes.sizes;
    install_signal_handlers();
    Watchdog watchdog(opt.timeout, "rank " + std::to_string(env.rank()));
    const Context ctx{opt, MPI_COMM_WORLD, env.rank(), env.size(), report.threads, nodes, {}};
    Backend backend{MPI_COMM_WORLD, env.rank(), hybrid};
    const int code = hpcp::detail::lifecycle(ex, ctx, opt, topt, backend, std::move(report));
    settle_exit(code);
    return code;
  } catch (const UsageError& e) {
    // Raised by checks every rank makes alike (after a collective at most, so
    // every rank gets here). The first rank to exit 2 makes the launcher
    // SIGTERM the rest, which are then quiet: one error line for the job.
    settle_exit(exit_usage);
    if (root) std::cerr << "error: " << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    // Unexpected, on this rank only: the others may be inside a collective,
    // so end the whole job rather than strand them.
    std::cerr << "error: internal on rank " << env.rank() << ": " << e.what() << " (phase '"
              << current_phase() << "')\n";
    MPI_Abort(MPI_COMM_WORLD, exit_internal);
    return exit_internal;
  }
}

}  // namespace hpcp::mpi
