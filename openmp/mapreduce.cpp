// mapreduce, OpenMP — notebook cell "MapReduce - [Pool]".
//
// Pattern: Pool.map of compute(n) = sum of i for i < n over range(N), then the
// difference between the parallel and the serial result lists (Eigen, as the
// notebook used NumPy). Constructs: `omp parallel for` with a schedule chosen
// at run time (schedule(runtime) + omp_set_schedule) and a reduction for the
// total. Item k costs k steps, so a static block split leaves the last thread
// the most work (2 threads: 3/4 of it, speedup <= 1.33); dynamic balances.
// Expected: "Difference between two results: 0", total 166616670000.
#include "openmp/mapreduce.hpp"

#include <omp.h>

#include "common/core/driver.hpp"
#include "common/kit/arithmetic.hpp"

namespace hpcp::omp::mapreduce {

using hpcp::mapreduce::note_block_split;
using hpcp::mapreduce::Output;

namespace {
omp_sched_t openmp_kind(Schedule s) {
  switch (s) {
    case Schedule::static_block:
      return omp_sched_static;
    case Schedule::dynamic:
      return omp_sched_dynamic;
    case Schedule::guided:
      return omp_sched_guided;
  }
  return omp_sched_static;
}
}  // namespace

Output map_reduce(std::uint64_t n, Schedule schedule, int chunk, const Tracer& tracer) {
  Output out;
  out.results.resize(n);
  std::uint64_t* results = out.results.data();
  std::uint64_t total = 0;
  omp_set_schedule(openmp_kind(schedule), chunk);
#pragma omp parallel for schedule(runtime) reduction(+ : total)
  for (std::uint64_t k = 0; k < n; ++k) {
    const ItemScope item(tracer, k);  // --trace, --pace-us: a null check otherwise
    results[k] = compute(k);
    total += results[k];
  }
  out.total = total;
  return out;
}

struct Example : hpcp::mapreduce::Spec {
  static constexpr std::string_view summary =
      "mapreduce (OpenMP): the notebook's Pool.map of compute(n) over range(N), "
      "as an omp parallel for with a chosen schedule and a reduction";
  Schedule schedule = Schedule::dynamic;
  int chunk = 0;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_choice(app, "--schedule", schedule, "loop schedule");
    add_integer_flag(app, "--chunk", chunk, 0, 1 << 30,
                     "chunk size of the schedule (0: its default)", "C");
  }
  Json params() const {
    return merged(Spec::params(), {{"schedule", name_of(schedule)}, {"chunk", chunk}});
  }
  Output parallel(const Input& in, const Context& ctx) const {
    return map_reduce(in, schedule, chunk, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    if (schedule == Schedule::static_block)
      note_block_split(report, run.input, report.threads, "static block split", "thread",
                       "--schedule dynamic");
  }
};

}  // namespace hpcp::omp::mapreduce

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::mapreduce::Example>(argc, argv);
}
