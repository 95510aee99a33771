// square_cube, OpenMP — notebook cell "Intro to Multiprocessing".
//
// Pattern: two different tasks at once: cal_square prints n*n and cal_cube
// n*n*n for each n of num_array. Constructs, --construct sections (default):
// `omp sections` with one section per task, as the notebook's two processes
// (a team of one runs both in turn; threads beyond two idle, and the report's
// items_per_thread shows it); --construct tasks: `omp taskloop` cuts both
// tasks into chunks of 16384 values that any thread takes, `taskwait` joins.
// Expected: "square of [1] is [1]", "cube of [1] is [1]", ... "cube of [4] is
// [64]", then "Tasks done in <seconds>". Results are kept in two arrays and
// printed afterwards, in the notebook's interleaved order.
// Exact: values above 2642245 are refused (their cube would not fit 64 bits).
// Not ported: the cell's own print order races between the two processes;
// its timing includes process start-up.
#include "openmp/square_cube.hpp"

#include <omp.h>

#include <algorithm>

#include "common/core/driver.hpp"

namespace hpcp::omp::square_cube {

namespace sc = hpcp::square_cube;

std::vector<std::uint64_t> square_and_cube(TaskConstruct construct,
                                           std::span<const std::uint64_t> values,
                                           std::span<std::uint64_t> squares,
                                           std::span<std::uint64_t> cubes, const Tracer& tracer) {
  const std::size_t n = values.size();
  const std::uint64_t* v = values.data();
  std::uint64_t* sq = squares.data();
  std::uint64_t* cu = cubes.data();
  // cal_square and cal_cube on [lo, lo + len): whole blocks, or value by value
  // when traced or paced.
  const auto squares_on = [&](std::size_t lo, std::size_t len) {
    if (!tracer.on()) return sc::squares_of(v + lo, sq + lo, len);
    for (std::size_t i = lo; i < lo + len; ++i) {
      const ItemScope item(tracer, i);
      sq[i] = sc::square(v[i]);
    }
  };
  const auto cubes_on = [&](std::size_t lo, std::size_t len) {
    if (!tracer.on()) return sc::cubes_of(v + lo, cu + lo, len);
    for (std::size_t i = lo; i < lo + len; ++i) {
      const ItemScope item(tracer, n + i);
      cu[i] = sc::cube(v[i]);
    }
  };
  std::vector<std::uint64_t> items(static_cast<std::size_t>(omp_get_max_threads()), 0);
  int team = 1;
  switch (construct) {
    case TaskConstruct::sections:
#pragma omp parallel
    {
#pragma omp single nowait
      team = omp_get_num_threads();
#pragma omp sections
      {
#pragma omp section
        {
          squares_on(0, n);
          items[static_cast<std::size_t>(omp_get_thread_num())] += n;
        }
#pragma omp section
        {
          cubes_on(0, n);
          items[static_cast<std::size_t>(omp_get_thread_num())] += n;
        }
      }
    } break;
    case TaskConstruct::tasks: {
      const std::size_t chunks = (n + grain - 1) / grain;
#pragma omp parallel
#pragma omp single
      {
        team = omp_get_num_threads();
        // nogroup: the cube chunks are created while square chunks still run.
#pragma omp taskloop grainsize(1) nogroup
        for (std::size_t c = 0; c < chunks; ++c) {
          const std::size_t lo = c * grain, len = std::min(grain, n - lo);
          squares_on(lo, len);
          // Atomic although only this thread's tasks touch the slot: task-level race
          // checkers (Archer) do not assume tasks of one thread are ordered.
#pragma omp atomic update
          items[static_cast<std::size_t>(omp_get_thread_num())] += len;
        }
#pragma omp taskloop grainsize(1) nogroup
        for (std::size_t c = 0; c < chunks; ++c) {
          const std::size_t lo = c * grain, len = std::min(grain, n - lo);
          cubes_on(lo, len);
#pragma omp atomic update
          items[static_cast<std::size_t>(omp_get_thread_num())] += len;
        }
#pragma omp taskwait
      }
      break;
    }
  }
  items.resize(static_cast<std::size_t>(team));
  return items;
}

// Where the parallel runs write: both whole lists, poisoned once so that a
// position the kernel skips never passes.
struct Lists {
  sc::Buffer squares, cubes;
  explicit Lists(std::size_t n) : squares(n), cubes(n) {
    std::fill_n(squares.data.get(), n, sc::poison_value);
    std::fill_n(cubes.data.get(), n, sc::poison_value);
  }
};

struct Example : sc::Spec<Lists> {
  static constexpr std::string_view summary =
      "square_cube (OpenMP): the notebook's two processes, squares and cubes of num_array, as two "
      "omp sections (or taskloop chunks) at once";
  TaskConstruct construct = TaskConstruct::sections;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_choice(app, "--construct", construct, "how the two tasks run at once");
  }
  Json params() const { return merged(Spec::params(), {{"construct", name_of(construct)}}); }
  Input make_input(const Context&) const { return Spec::make_input(true, Lists(values.count())); }
  Output parallel(Input& in, const Context& ctx) const {
    const auto squares = in.store.squares.span(), cubes = in.store.cubes.span();
    Stopwatch sw;
    auto per_thread = square_and_cube(construct, in.values, squares, cubes, ctx.tracer);
    return {squares, cubes, std::move(per_thread), sw.seconds()};
  }
  void describe(Report& report, const Run& run) const {
    sc::describe(report, run.input.values.size(), run.parallel.per_worker, "thread");
    if (construct == TaskConstruct::sections && report.threads > 2)
      report.notes.push_back(
          "sections: two tasks, so at most two threads work; "
          "--construct tasks shares them");
  }
};

}  // namespace hpcp::omp::square_cube

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::square_cube::Example>(argc, argv);
}
