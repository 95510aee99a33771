// What fibonacci_condition and producer_consumer share: a queue of values v,
// consumers that compute F(v) (the notebook's loop, common/fibonacci.hpp) into
// a shared dictionary, the serial baseline, the three-tier verification, the
// result JSON, the input flags and the print-out helpers.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/kit/fibonacci.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"

namespace hpcp::fib_dict {

// Values are refused above this: F(v) costs O(v^2) limb additions (F(10^6)
// has 694,242 bits), so larger ones would only test patience.
inline constexpr std::uint64_t max_value = 1000000;
inline constexpr std::uint64_t max_count = 100000000;

using Dict = std::map<std::uint64_t, BigUInt>;  // fibo_dict: value -> F(value)

struct Output {
  Dict dict;
  // consumed[w]: the values worker w took, in the order it took them. The
  // multiset of all of them must equal the input (duplicates counted), which
  // the dictionary alone cannot show: it has one key per distinct value.
  std::vector<std::vector<std::uint64_t>> consumed;
  int team = 0;  // OpenMP threads the kernel ran on (0 under MPI)
};

// One worker's record of what it took, padded to a cache line so that workers
// appending to their own logs do not share one.
struct alignas(64) WorkerLog {
  std::vector<std::uint64_t> values;
};

// The serial baseline: one consumer takes every value in queue order.
Output serial(const std::vector<std::uint64_t>& values);

// Oracle (fast doubling, an independent algorithm) for every key, the keys
// against the distinct input values, the dictionary element by element against
// the serial one, and exactly-once delivery of the items.
void verify(const std::vector<std::uint64_t>& values, const Output& serial, const Output& parallel,
            Verdict& verdict);

// {"3": 2, "10": 55, ...}; F(v) beyond 64 bits as a decimal string.
Json result_json(const Dict& dict);

// Items each worker took, and the load-balance metrics of a report.
std::vector<std::uint64_t> items_per_worker(const Output& out);
// `first_worker`: the first entry of consumed that is a worker (1 under MPI
// when rank 0 only hands out work), so that imbalance = busiest / mean counts
// workers only.
void describe_balance(Report& report, const Output& out, std::size_t items, const std::string& key,
                      std::size_t first_worker = 0);

// Python's repr of the dictionary, keys in first-insertion order of the input
// (as the notebook's dict prints), at most `max_keys` keys.
std::string dict_text(const std::vector<std::uint64_t>& values, const Dict& dict,
                      std::size_t max_keys = 20);
// A number for the print-out: whole while short, else first and last digits.
std::string number_text(const BigUInt& value);

// At most `max_lines` lines, one per item, dealt round robin over the workers
// (the k-th item of each in turn): line(worker, value, F(value)).
template <class Line>
void print_items(std::ostream& os, const Output& out, std::size_t max_lines, Line line) {
  std::size_t printed = 0, total = 0;
  for (const auto& c : out.consumed) total += c.size();
  for (std::size_t k = 0; printed < max_lines && printed < total; ++k)
    for (std::size_t w = 0; w < out.consumed.size() && printed < max_lines; ++w)
      if (k < out.consumed[w].size()) {
        const auto v = out.consumed[w][k];
        line(static_cast<int>(w), v, out.dict.at(v));
        ++printed;
      }
  if (total > printed) os << "... (" << total - printed << " more items)\n";
}

// --values LIST, or --count K values drawn uniformly from 1..--max with --seed.
struct InputSpec {
  std::string list;  // used unless `generate`
  bool generate = false;
  std::uint64_t count = 15, max = 20;
};
void add_input_flags(CLI::App& app, InputSpec& spec);
std::vector<std::uint64_t> make_values(const InputSpec& spec, std::uint64_t seed);
Json input_params(const InputSpec& spec);

// Transport of results under MPI, several per message: each is
// [v, n, n 64-bit limbs of F(v), most significant first] (n >= 1).
void append_result(std::uint64_t v, const BigUInt& f, std::vector<std::uint64_t>& message);
// Reads the result at `message[at]` into v and f; returns the index after it.
// Throws std::runtime_error on a truncated message.
std::size_t read_result(const std::vector<std::uint64_t>& message, std::size_t at, std::uint64_t& v,
                        BigUInt& f);

}  // namespace hpcp::fib_dict
