// mapreduce, shared by both models (notebook cell "MapReduce - [Pool]"): the
// input N, the serial baseline (the notebook's serial loop), the verification
// against the closed forms, the print-out and the block-split bound.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"

namespace hpcp::mapreduce {

struct Output {
  std::vector<std::uint64_t> results;  // compute(n) for n in [0, N), in input order
  std::uint64_t total = 0;
};

// Map: results[k] = compute(inputs[k]); serial, the notebook's second loop.
Output serial(std::uint64_t n);

// The notebook's "difference between two results": sum(parallel - serial), by Eigen.
std::int64_t difference(const std::vector<std::uint64_t>& parallel,
                        const std::vector<std::uint64_t>& serial);

// Exact checks: every element against n(n-1)/2 and the serial list, the total
// against N(N-1)(N-2)/6.
void verify(std::uint64_t n, const Output& serial, const Output& parallel, Verdict& verdict);

Json result_json(std::uint64_t n, const Output& serial, const Output& parallel);

void print_notebook(std::ostream& os, std::uint64_t n, const Output& out, const Output& serial);

// --n, refused where the total would overflow 64 bits.
void add_flags(CLI::App& app, std::uint64_t& n);

// Share of all the work (sum of compute(n) steps) done by the busiest of
// `workers` contiguous blocks: 1/share bounds the speedup of a block split.
double block_split_busiest_share(std::uint64_t n, int workers);

// The note that a block split of N over `workers` bounds the speedup (nothing
// when `workers` < 2): `split` names it, `fix` says what balances instead.
void note_block_split(Report& report, std::uint64_t n, int workers, const std::string& split,
                      const std::string& worker, const std::string& fix);

// What both models' Example share (core/example.hpp).
struct Spec {
  static constexpr std::string_view name = "mapreduce";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item = "one compute(k) of the map, item k";
  using Input = std::uint64_t;  // N
  using Output = mapreduce::Output;
  using Run = hpcp::Run<Input, Output>;

  std::uint64_t n = 10000;

  void add_flags(CLI::App& app) { mapreduce::add_flags(app, n); }
  Json params() const { return {{"n", n}}; }
  Input make_input(const auto& /*context*/) const { return n; }
  Output serial(const Input& in) const { return mapreduce::serial(in); }
  void verify(const Run& run, Verdict& v) const {
    mapreduce::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.input, run.serial, run.parallel); }
  void print_notebook(std::ostream& os, const Run& run) const {
    mapreduce::print_notebook(os, run.input, run.parallel, run.serial);
  }
};

}  // namespace hpcp::mapreduce
