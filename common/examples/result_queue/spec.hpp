// result_queue, shared by both models: the per-item work (n*n, optionally
// heavier), the serial baseline (the notebook's worker putting 1, 4, 9, 16 in
// order), the verification, the result JSON, the flags and the print-out.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"
#include "common/kit/arithmetic.hpp"

namespace hpcp::result_queue {

// Refused above: the arrivals, the serial list, verification's sorted copy
// and the squares are 8 bytes an item each (1.6 GB at the top).
inline constexpr std::uint64_t max_n = 50000000;
inline constexpr std::uint64_t max_work = 1000000000;

// One item: n*n. With work > 0 it also runs `work` steps of mapreduce's
// compute() loop (opaque to the optimiser) and adds their sum minus its
// closed form, which is zero: the value is still n*n, but the item costs
// `work` steps that cannot be skipped. Heavy items for the speedup.
inline std::uint64_t item(std::uint64_t n, std::uint64_t work) noexcept {
  std::uint64_t value = n * n;
  if (work > 0) value += compute(work) - compute_closed_form(work);
  return value;
}

struct Output {
  std::vector<std::uint64_t> arrivals;    // values in the order the main program got them
  std::vector<std::uint64_t> per_worker;  // items each thread or rank produced
};

// for n in 1..N: put(n*n), then drain: arrivals are 1, 4, 9, ... in order.
Output serial(std::uint64_t n, std::uint64_t work);

// Exact checks: the serial list against n*n position by position; the
// parallel arrivals, sorted, against the serial list element by element;
// exactly-once delivery (multiset of arrivals == multiset produced); the
// per-worker counts add up to N.
void verify(std::uint64_t n, const Output& serial, const Output& parallel, Verdict& verdict);

// The values in arrival order.
Json result_json(const Output& out);

// The notebook's print(results_shared_queue.get()) lines, at most 20.
void print_notebook(std::ostream& os, const Output& out);

// items, items_per_second and the per-worker counts under `key`.
void describe(Report& report, const Output& out, const char* key);

// --n and --work, and the --help footer on sizes.
void add_flags(CLI::App& app, std::uint64_t& n, std::uint64_t& work);
Json params(std::uint64_t n, std::uint64_t work);

// What both models' Example share (core/example.hpp).
struct Spec {
  static constexpr std::string_view name = "result_queue";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "one result n*n computed and put, item k - 1 for n = k";
  using Input = std::uint64_t;  // N
  using Output = result_queue::Output;
  using Run = hpcp::Run<Input, Output>;

  std::uint64_t n = 4, work = 0;

  void add_flags(CLI::App& app) { result_queue::add_flags(app, n, work); }
  Json params() const { return result_queue::params(n, work); }
  Input make_input(const auto& /*context*/) const { return n; }
  Output serial(const Input& in) const { return result_queue::serial(in, work); }
  void verify(const Run& run, Verdict& v) const {
    result_queue::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.parallel); }
  void print_notebook(std::ostream& os, const Run& run) const {
    result_queue::print_notebook(os, run.parallel);
  }
};

}  // namespace hpcp::result_queue
