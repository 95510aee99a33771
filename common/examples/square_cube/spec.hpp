// square_cube, shared by both models: the inputs (the notebook's num_array),
// the per-item arithmetic n*n and n*n*n, the serial baseline, the exact
// oracle, verification, result JSON and the notebook print-out.
//
// Exact integers: Python's n * n * n never overflows; ours are uint64_t, so
// every value is refused up front above max_value = 2642245, the largest n
// whose cube fits 64 bits (2642245^3 = 18446724184312856125 < 2^64). Nothing
// is ever wrapped.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
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
#include "common/core/verify.hpp"

namespace hpcp {

// How the OpenMP variant runs the two tasks (MPI always gives squares to the
// even ranks and cubes to the odd ones).
enum class TaskConstruct { sections, tasks };
inline constexpr std::array<Choice<TaskConstruct>, 2> task_construct_table{{
    {TaskConstruct::sections, "sections",
     "omp sections: one thread squares, one cubes, as the notebook's two processes; "
     "further threads idle"},
    {TaskConstruct::tasks, "tasks",
     "omp taskloop: both tasks cut into chunks that any thread of the team takes"},
}};
constexpr const auto& choices(TaskConstruct) { return task_construct_table; }

namespace square_cube {

// The per-item work, once for every model (cal_square and cal_cube).
inline constexpr std::uint64_t square(std::uint64_t v) noexcept { return v * v; }
inline constexpr std::uint64_t cube(std::uint64_t v) noexcept { return v * v * v; }

inline constexpr std::uint64_t max_value = 2642245;  // largest n with n^3 < 2^64
// What the result buffers hold before a parallel run writes them: larger
// than any cube of an allowed value, so a skipped position never passes.
inline constexpr std::uint64_t poison_value = ~std::uint64_t{0};

// The oracles, computed independently of the kernels in 128 bits; nullopt
// when the exact value does not fit 64 bits.
std::optional<std::uint64_t> square_closed_form(std::uint64_t v) noexcept;
std::optional<std::uint64_t> cube_closed_form(std::uint64_t v) noexcept;

// num_array: --n N gives 1, 2, ..., N (default 4, the notebook's [1, 2, 3, 4]);
// --values gives an explicit list (duplicates allowed).
struct Values {
  std::uint64_t n = 4;
  std::vector<std::uint64_t> list;
  bool explicit_list = false;

  std::uint64_t count() const { return explicit_list ? list.size() : n; }
  std::vector<std::uint64_t> materialize() const;
  Json params() const;
};
void add_flags(CLI::App& app, Values& values);

// Results of one run, written in place (no allocation in the timed kernel);
// only a non-const Buffer writes them.
struct Buffer {
  std::unique_ptr<std::uint64_t[]> data;
  std::size_t size = 0;
  explicit Buffer(std::size_t n = 0)
      : data(std::make_unique_for_overwrite<std::uint64_t[]>(n)), size(n) {}
  std::span<const std::uint64_t> span() const { return {data.get(), size}; }
  std::span<std::uint64_t> span() { return {data.get(), size}; }
};

// The two tasks on a block [lo, lo + count) of the values.
void squares_of(const std::uint64_t* values, std::uint64_t* out, std::size_t count) noexcept;
void cubes_of(const std::uint64_t* values, std::uint64_t* out, std::size_t count) noexcept;

// Serial baseline: squares, then cubes, on one thread.
void serial(std::span<const std::uint64_t> values, std::span<std::uint64_t> squares,
            std::span<std::uint64_t> cubes) noexcept;

// Serial baseline against the closed forms; parallel result against the
// serial baseline element by element.
void verify(std::span<const std::uint64_t> values, std::span<const std::uint64_t> serial_squares,
            std::span<const std::uint64_t> serial_cubes, std::span<const std::uint64_t> squares,
            std::span<const std::uint64_t> cubes, Verdict& verdict);

// {"squares": [...], "cubes": [...]}; beyond json_array_limit elements each
// list becomes {"size", "first", "last"} so that --json stays one short line.
inline constexpr std::size_t json_array_limit = 10000;
Json result_json(std::span<const std::uint64_t> squares, std::span<const std::uint64_t> cubes);

// "square of [1] is [1]" / "cube of [1] is [1]" interleaved as in the
// notebook (the first and last five of a long list), then "Tasks done in <s>".
void print_notebook(std::ostream& os, std::span<const std::uint64_t> values,
                    std::span<const std::uint64_t> squares, std::span<const std::uint64_t> cubes,
                    double seconds);

// Items per second, MB/s written, items computed by each worker.
void describe(Report& report, std::uint64_t count, const std::vector<std::uint64_t>& per_worker,
              const std::string& worker_word);

// What both models' Example share (core/example.hpp). `Store` is where a
// model's parallel runs write, allocated once in make_input so that the timed
// runs only write it: the whole lists under OpenMP; under MPI this rank's
// blocks (the whole lists on rank 0) and the MPI_Gatherv layout.
template <class Store>
struct Spec {
  static constexpr std::string_view name = "square_cube";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "a value of num_array squared (item i) or cubed (item n + i)";
  struct Input {
    std::vector<std::uint64_t> values;
    Buffer serial_squares, serial_cubes;  // under MPI, on rank 0 only
    Store store;
  };
  struct Output {
    std::span<const std::uint64_t> squares, cubes;  // under MPI, on rank 0: the whole lists
    std::vector<std::uint64_t> per_worker;          // items each thread or rank computed
    double seconds = 0;  // the kernel alone, for the notebook's "Tasks done in"
  };
  using Run = hpcp::Run<Input, Output>;

  Values values;

  void add_flags(CLI::App& app) { square_cube::add_flags(app, values); }
  Json params() const { return values.params(); }
  // The values everywhere, the serial lists where `serial_lists` (rank 0 under MPI).
  Input make_input(bool serial_lists, Store store) const {
    const std::size_t held = serial_lists ? values.count() : 0;
    return {values.materialize(), Buffer(held), Buffer(held), std::move(store)};
  }
  Output serial(Input& in) const {
    square_cube::serial(in.values, in.serial_squares.span(), in.serial_cubes.span());
    return {in.serial_squares.span(), in.serial_cubes.span(), {}, 0};
  }
  void verify(const Run& run, Verdict& v) const {
    square_cube::verify(run.input.values, run.serial.squares, run.serial.cubes,
                        run.parallel.squares, run.parallel.cubes, v);
  }
  Json result(const Run& run) const {
    return result_json(run.parallel.squares, run.parallel.cubes);
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    square_cube::print_notebook(os, run.input.values, run.parallel.squares, run.parallel.cubes,
                                run.parallel.seconds);
  }
};

}  // namespace square_cube
}  // namespace hpcp
