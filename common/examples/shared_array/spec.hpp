// shared_array, shared by both models (notebook cell "multiprocessing.Array &
// multiprocessing.Value"): the inputs (the notebook's num_array), the per-item
// arithmetic n*n, the serial baseline, the exact oracle, the memory budget,
// verification, result JSON and the notebook print-out.
//
// Memory accounting (what a run must hold): the input values and the one
// shared result array, 8 bytes each per element: 16 bytes per element. No
// second full array is held for verification: verify() replays the serial
// baseline chunk by chunk into a 512 KiB buffer and compares the shared array
// element by element with it and with the closed form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/report.hpp"
#include "common/core/timing.hpp"
#include "common/core/verify.hpp"

namespace hpcp {

// How the MPI variant shares the array (OpenMP threads always share it).
enum class ArrayMode { shared, scatter };
inline constexpr std::array<Choice<ArrayMode>, 2> array_mode_table{{
    {ArrayMode::shared, "shared",
     "one MPI-3 shared-memory window per node (MPI_Win_allocate_shared); across nodes the node "
     "leaders MPI_Gatherv their ranges into rank 0's (any nodes)"},
    {ArrayMode::scatter, "scatter",
     "rank 0 holds the arrays, MPI_Scatterv the values, MPI_Gatherv the squares (any nodes)"},
}};
constexpr const auto& choices(ArrayMode) { return array_mode_table; }

namespace shared_array {

// The per-item work, once for every model: what the notebook stores,
// results_shared_array[idx] = n * n, in double as mp.Array("d") holds it.
inline double square(double v) noexcept { return v * v; }

// Values are integers in [0, 2^53]: each is exact in a double, so v * v (one
// IEEE rounding of the exact product) is exactly Python's float(n * n). Up to
// v = 2^26 the square itself is exact; beyond, both are the same rounding.
inline constexpr std::uint64_t max_value = std::uint64_t{1} << 53;

// The oracle, computed independently of the kernels: the exact integer v*v
// (64 or 128 bits) converted once to double (round to nearest even).
double square_closed_form(std::uint64_t v) noexcept;

// The notebook's num_array: --n N gives 1, 2, ..., N (default 4: [1, 2, 3, 4]);
// --values gives an explicit list.
// --trace's item: a chunk of the array, at most 256 chunks (one element each
// up to n = 256, the notebook's 4 included).
inline std::uint64_t trace_chunk(std::uint64_t n) { return n <= 256 ? 1 : (n + 255) / 256; }

struct Values {
  std::uint64_t n = 4;
  std::vector<std::uint64_t> list;  // used when not empty
  bool explicit_list = false;

  std::uint64_t count() const { return explicit_list ? list.size() : n; }
  double at(std::size_t i) const {
    return explicit_list ? static_cast<double>(list[i]) : static_cast<double>(i + 1);
  }
  Json params() const;
};
void add_flags(CLI::App& app, Values& values);

// Serial baseline: squares[i] = square(values[i]) for i in [0, count), in order.
void square_block(const double* values, double* squares, std::size_t count) noexcept;

// Bytes a run holds: input values and the shared array, 8 bytes each.
inline constexpr std::uint64_t bytes_per_element = 16;
inline constexpr std::size_t verify_chunk = std::size_t{1} << 16;  // 512 KiB of doubles

// A usage error when `bytes` cannot fit in `available` (with 64 MiB left for
// the process itself); `where` names the budget ("MemAvailable", "/dev/shm").
std::optional<std::string> memory_problem(std::uint64_t count, std::uint64_t bytes,
                                          std::uint64_t available, const std::string& where);

// NaN: what the shared array holds before a parallel run has written it, so
// that a position the kernel skipped can never pass for a stale value.
void poison(double* squares, std::size_t count) noexcept;

// squares (the parallel result, the one shared array) against the serial
// baseline replayed chunk by chunk and against square_closed_form(), element
// by element, bit for bit; the first few mismatches are reported.
void verify(const double* values, const double* squares, std::size_t count, Verdict& verdict);

// The array when it has at most json_array_limit elements (like the
// notebook's list); beyond, {"size", "first", "last"} so that --json of a
// benchmark stays one line rather than gigabytes.
inline constexpr std::size_t json_array_limit = 10000;
Json result_json(std::span<const double> squares);

// Python's repr of a float: 16.0, 1e+16, 1.2345678901234568e+17.
std::string python_float(double v);

// "square of [1] is [1.0]" ... "Tasks done in ..." "In the main process: [1.0, 4.0, 9.0, 16.0]"
void print_notebook(std::ostream& os, const Values& values, std::span<const double> squares,
                    double seconds);

// GB/s and peak memory: `data_bytes` is what the reporting process holds.
void describe(Report& report, std::uint64_t count, std::uint64_t data_bytes,
              const std::string& data_note);

// A run's input in both models: the model's storage (`arrays`), held for the
// whole run as mp.Array outlives its workers, and views of the whole arrays
// where the serial baseline runs and the result is read (the OpenMP process,
// MPI rank 0; empty on the other ranks). Only a non-const Input writes the
// shared array. Moving it keeps the data in place (heap or window memory), so
// the views stay valid; it cannot be copied (a copy's views would still point
// into the original).
template <class Arrays>
class Input {
 public:
  Input(Arrays arrays, std::span<const double> values, std::span<double> squares)
      : arrays_(std::move(arrays)), values_(values), squares_(squares) {}
  Input(Input&&) noexcept = default;
  Input& operator=(Input&&) noexcept = default;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  ~Input() = default;

  const Arrays& arrays() const { return arrays_; }
  Arrays& arrays() { return arrays_; }
  std::span<const double> values() const { return values_; }    // num_array
  std::span<const double> squares() const { return squares_; }  // the one shared array
  std::span<double> squares() { return squares_; }

 private:
  Arrays arrays_;
  std::span<const double> values_;
  std::span<double> squares_;
};

struct Output {
  std::span<const double> squares;  // the shared array after the run (MPI: rank 0, else empty)
  double seconds = 0;               // the kernel alone, for the notebook's "Tasks done in"
};

// What both models' Example share (core/example.hpp); `Arrays` is the model's storage.
template <class Arrays>
struct Spec {
  static constexpr std::string_view name = "shared_array";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "a chunk of the shared array squared: one element each up to n = 256, else n/256 of them";
  using Input = shared_array::Input<Arrays>;
  using Output = shared_array::Output;
  using Run = hpcp::Run<Input, Output>;

  Values values;

  void add_flags(CLI::App& app) { shared_array::add_flags(app, values); }
  Json params() const { return values.params(); }
  // The serial baseline writes the one shared array too: no second copy is
  // held. The parallel runs then overwrite it, so its Output views what they
  // wrote; verify() replays the serial baseline chunk by chunk instead.
  Output serial(Input& in) const {
    Stopwatch sw;
    square_block(in.values().data(), in.squares().data(), in.squares().size());
    return {in.squares(), sw.seconds()};
  }
  // After the serial baseline: no stale serial value may pass for a parallel one.
  void before_parallel(Input& in) const { poison(in.squares().data(), in.squares().size()); }
  void verify(const Run& run, Verdict& v) const {
    shared_array::verify(run.input.values().data(), run.parallel.squares.data(),
                         run.parallel.squares.size(), v);
  }
  Json result(const Run& run) const { return result_json(run.parallel.squares); }
  void print_notebook(std::ostream& os, const Run& run) const {
    shared_array::print_notebook(os, values, run.parallel.squares, run.parallel.seconds);
  }
};

}  // namespace shared_array
}  // namespace hpcp
