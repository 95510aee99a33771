// mapreduce, shared by both models: the flags, the serial baseline (the
// notebook's serial loop) and the verification against the closed forms.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"

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
void add_size_flag(CLI::App& app, std::uint64_t& n);

// Share of all the work (sum of compute(n) steps) done by the busiest of
// `workers` contiguous blocks: 1/share bounds the speedup of a block split.
double block_split_busiest_share(std::uint64_t n, int workers);

}  // namespace hpcp::mapreduce
