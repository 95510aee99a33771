// shared_array, OpenMP — notebook cell "multiprocessing.Array & multiprocessing.Value".
//
// Pattern: a worker writes n*n for each n of num_array into a shared array of
// doubles that the main program then reads. Threads share memory, so the
// shared array is an Eigen::ArrayXd every thread writes in place: constructs
// `omp parallel for simd schedule(static)` over it, with first-touch
// placement (allocated uninitialised, first written by the same static split).
// Expected: "square of [1] is [1.0]" ... and
// "In the main process: [1.0, 4.0, 9.0, 16.0]".
// Benchmark: --n 100000000 reports GB/s and peak memory against the 16 bytes
// per element held (values + shared array; see shared_array_serial.hpp).
// Not ported: nothing is wrong in the cell; its timing includes process start-up.
#include "openmp/shared_array.hpp"

#include <limits>

#include "common/core/driver.hpp"
#include "common/kit/memory_budget.hpp"

namespace hpcp::omp::shared_array {

namespace sa = hpcp::shared_array;

Arrays first_touch(const sa::Values& values) {
  const auto n = static_cast<Eigen::Index>(values.count());
  Arrays a{Eigen::ArrayXd(n), Eigen::ArrayXd(n)};  // uninitialised: no page touched yet
  double* v = a.values.data();
  double* s = a.squares.data();
  const double nan = std::numeric_limits<double>::quiet_NaN();
#pragma omp parallel for simd schedule(static)
  for (Eigen::Index i = 0; i < n; ++i) {
    v[i] = values.at(static_cast<std::size_t>(i));
    s[i] = nan;
  }
  return a;
}

void square_all(const Eigen::ArrayXd& values, Eigen::ArrayXd& squares) {
  const Eigen::Index n = values.size();
  const double* v = values.data();
  double* s = squares.data();
#pragma omp parallel for simd schedule(static)
  for (Eigen::Index i = 0; i < n; ++i) s[i] = sa::square(v[i]);
}

struct Example {
  static constexpr std::string_view name = "shared_array";
  static constexpr std::string_view summary =
      "shared_array (OpenMP): the notebook's mp.Array of n*n written by workers and read by "
      "the main program, as an omp parallel for over one shared Eigen array";
  // The shared array outlives every run, as mp.Array does: the serial baseline
  // writes it, then each parallel run overwrites it in place.
  struct Input {
    mutable Arrays arrays;
    mutable bool serial_wrote = false;
  };
  struct Output {
    std::span<const double> squares;  // the shared array after the run; empty for the serial baseline
    double seconds = 0;               // the kernel alone, for the notebook's "Tasks done in"
  };
  using Run = hpcp::Run<Input, Output>;

  sa::Values values;

  void add_flags(CLI::App& app) { sa::add_value_flags(app, values); }
  std::optional<std::string> validate(const CommonOptions&) const {
    const std::uint64_t n = values.count();
    return sa::memory_problem(n, n * sa::bytes_per_element, available_memory_bytes(), "MemAvailable");
  }
  Json params() const { return values.params(); }
  Input make_input(const Context&) const { return Input{first_touch(values)}; }
  // The serial baseline writes the one shared array too (no second copy is
  // held); verify() replays it chunk by chunk after the parallel runs.
  Output serial(const Input& in) const {
    auto& a = in.arrays;
    sa::square_block(a.values.data(), a.squares.data(), static_cast<std::size_t>(a.values.size()));
    in.serial_wrote = true;
    return {};
  }
  Output parallel(const Input& in, const Context&) const {
    auto& a = in.arrays;
    if (in.serial_wrote) {  // the untimed warm-up: no stale serial value may pass for a parallel one
      sa::poison(a.squares.data(), static_cast<std::size_t>(a.squares.size()));
      in.serial_wrote = false;
    }
    Stopwatch sw;
    square_all(a.values, a.squares);
    return {{a.squares.data(), static_cast<std::size_t>(a.squares.size())}, sw.seconds()};
  }
  void verify(const Run& run, Verdict& v) const {
    const auto& a = run.input.arrays;
    sa::verify(a.values.data(), run.parallel.squares.data(), run.parallel.squares.size(), v);
  }
  Json result(const Run& run) const { return sa::result_json(run.parallel.squares); }
  void describe(Report& report, const Run& run) const {
    const std::uint64_t n = run.parallel.squares.size();
    sa::describe(report, n, n * sa::bytes_per_element, "values and the shared array, 16 bytes per element");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    sa::print_notebook(os, values, run.parallel.squares, run.parallel.seconds);
  }
};

}  // namespace hpcp::omp::shared_array

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::shared_array::Example>(argc, argv);
}
