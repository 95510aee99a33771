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

#include "common/kit/arithmetic.hpp"
#include "common/core/driver.hpp"

namespace hpcp::omp::mapreduce {

using hpcp::mapreduce::Output;

namespace {
omp_sched_t openmp_kind(Schedule s) {
  switch (s) {
    case Schedule::static_block: return omp_sched_static;
    case Schedule::dynamic: return omp_sched_dynamic;
    case Schedule::guided: return omp_sched_guided;
  }
  return omp_sched_static;
}
}  // namespace

Output map_reduce(std::uint64_t n, Schedule schedule, int chunk) {
  Output out;
  out.results.resize(n);
  std::uint64_t* results = out.results.data();
  std::uint64_t total = 0;
  omp_set_schedule(openmp_kind(schedule), chunk);
#pragma omp parallel for schedule(runtime) reduction(+ : total)
  for (std::uint64_t k = 0; k < n; ++k) {
    results[k] = compute(k);
    total += results[k];
  }
  out.total = total;
  return out;
}

struct Example {
  static constexpr std::string_view name = "mapreduce";
  static constexpr std::string_view summary =
      "mapreduce (OpenMP): the notebook's Pool.map of compute(n) over range(N), "
      "as an omp parallel for with a chosen schedule and a reduction";
  using Input = std::uint64_t;  // N
  using Output = hpcp::mapreduce::Output;
  using Run = hpcp::Run<Input, Output>;

  std::uint64_t n = 10000;
  Schedule schedule = Schedule::dynamic;
  int chunk = 0;

  void add_flags(CLI::App& app) {
    hpcp::mapreduce::add_size_flag(app, n);
    add_choice(app, "--schedule", schedule, "loop schedule");
    add_integer_flag(app, "--chunk", chunk, 0, 1 << 30, "chunk size of the schedule (0: its default)",
                     "C");
  }
  std::optional<std::string> validate(const CommonOptions&) const { return std::nullopt; }
  Json params() const {
    return {{"n", n}, {"schedule", name_of(schedule)}, {"chunk", chunk}};
  }
  Input make_input(const Context&) const { return n; }
  Output serial(const Input& in) const { return hpcp::mapreduce::serial(in); }
  Output parallel(const Input& in, const Context&) const { return map_reduce(in, schedule, chunk); }
  void verify(const Run& run, Verdict& v) const {
    hpcp::mapreduce::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const {
    return hpcp::mapreduce::result_json(run.input, run.serial, run.parallel);
  }
  void describe(Report& report, const Run& run) const {
    const double share = hpcp::mapreduce::block_split_busiest_share(run.input, report.threads);
    if (schedule == Schedule::static_block && report.threads > 1)
      report.notes.push_back("static block split: the busiest thread holds " +
                             std::to_string(static_cast<int>(share * 100 + 0.5)) +
                             "% of the work, so the speedup cannot exceed " +
                             fixed(1.0 / share, 2) + "; use --schedule dynamic to balance");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::mapreduce::print_notebook(os, run.input, run.parallel, run.serial);
  }
};

}  // namespace hpcp::omp::mapreduce

int hpcp_main(int argc, char** argv) { return hpcp::omp::run<hpcp::omp::mapreduce::Example>(argc, argv); }
