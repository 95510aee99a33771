// shared_array, OpenMP — notebook cell "multiprocessing.Array & multiprocessing.Value".
//
// Pattern: a worker writes n*n for each n of num_array into a shared array of
// doubles that the main program then reads. Threads share memory, so the
// shared array is an Eigen::ArrayXd every thread writes in place: constructs
// `omp parallel for simd schedule(static)` over it, with first-touch
// placement (allocated uninitialised, first written by the same static split).
// Expected: "square of [1] is [1.0]" ... and
// "In the main process: [1.0, 4.0, 9.0, 16.0]".
// Benchmark: --n 100000000 --repeat 5 reports GB/s as STREAM does (16 bytes
// per element moved, the best rate from the minimum time, the median beside it)
// and peak memory against the 16 bytes per element held (values + shared array;
// see common/examples/shared_array/spec.hpp).
// Not ported: nothing is wrong in the cell; its timing includes process start-up.
#include "openmp/shared_array.hpp"

#include <limits>

#include "common/core/driver.hpp"
#include "common/kit/memory_budget.hpp"

namespace hpcp::omp::shared_array {

namespace sa = hpcp::shared_array;

Input first_touch(const sa::Values& values) {
  const auto n = static_cast<Eigen::Index>(values.count());
  Arrays arrays{Eigen::ArrayXd(n), Eigen::ArrayXd(n)};  // uninitialised: no page touched
  double* v = arrays.values.data();
  double* s = arrays.squares.data();
  const double nan = std::numeric_limits<double>::quiet_NaN();
#pragma omp parallel for simd schedule(static)
  for (Eigen::Index i = 0; i < n; ++i) {
    v[i] = values.at(static_cast<std::size_t>(i));
    s[i] = nan;
  }
  const auto count = static_cast<std::size_t>(n);
  return {std::move(arrays), {v, count}, {s, count}};  // a move keeps the data where v, s point
}

void square_all(std::span<const double> values, std::span<double> squares, const Tracer& tracer) {
  const auto n = static_cast<std::int64_t>(values.size());
  const double* v = values.data();
  double* s = squares.data();
  if (tracer.on()) {  // the notebook run: chunk by chunk, off the simd loop below
    const auto chunk = static_cast<std::int64_t>(sa::trace_chunk(values.size()));
    const std::int64_t chunks = (n + chunk - 1) / chunk;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t c = 0; c < chunks; ++c) {
      const ItemScope item(tracer, static_cast<std::uint64_t>(c));
      for (std::int64_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i)
        s[i] = sa::square(v[i]);
    }
    return;
  }
#pragma omp parallel for simd schedule(static)
  for (std::int64_t i = 0; i < n; ++i) s[i] = sa::square(v[i]);
}

// The shared array outlives every run, as mp.Array does: the serial baseline
// writes it, then each parallel run overwrites it in place.
struct Example : sa::Spec<Arrays> {
  static constexpr std::string_view summary =
      "shared_array (OpenMP): the notebook's mp.Array of n*n written by workers and read by "
      "the main program, as an omp parallel for over one shared Eigen array";

  std::optional<std::string> validate(const CommonOptions&) const {
    const std::uint64_t n = values.count(), bytes = n * sa::bytes_per_element;
    return sa::memory_problem(n, bytes, available_memory_bytes(), "MemAvailable");
  }
  Input make_input(const Context&) const { return first_touch(values); }
  Output parallel(Input& in, const Context& ctx) const {
    Stopwatch sw;
    square_all(in.values(), in.squares(), ctx.tracer);
    return {in.squares(), sw.seconds()};
  }
  void describe(Report& report, const Run& run) const {
    const std::uint64_t n = run.parallel.squares.size();
    sa::describe(report, n, n * sa::bytes_per_element,
                 "values and the shared array, 16 bytes per element");
  }
};

}  // namespace hpcp::omp::shared_array

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::shared_array::Example>(argc, argv);
}
