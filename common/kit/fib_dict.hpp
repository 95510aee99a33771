// What fibonacci_condition and producer_consumer share: a queue of values v,
// consumers that compute F(v) (the notebook's loop, common/kit/fibonacci.hpp)
// into a shared dictionary, the serial baseline, the three-tier verification,
// the result JSON, the input flags, the print-out helpers and, at the end, the
// Spec that both examples' Specs are made from.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"
#include "common/kit/fibonacci.hpp"

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
struct Values {
  std::string list;  // used unless `generate`
  bool generate = false;
  std::uint64_t count = 15, max = 20;
};
void add_flags(CLI::App& app, Values& spec);
std::vector<std::uint64_t> make_values(const Values& spec, std::uint64_t seed);
Json values_params(const Values& spec);
// The --help footer: flags for light items (hand-off throughput) and for
// heavy ones (speedup), e.g. "--count 400 --max 30000".
std::string benchmark_help(const std::string& heavy_items);

// --chunk C under MPI: values per `unit` ("message", "request") that rank 0 sends.
inline constexpr std::uint64_t max_chunk = 1000000;
void add_chunk_flag(CLI::App& app, std::size_t& chunk, const std::string& unit);

// Transport of results under MPI, several per message: each is
// [v, n, n 64-bit limbs of F(v), most significant first] (n >= 1).
void append_result(std::uint64_t v, const BigUInt& f, std::vector<std::uint64_t>& message);
// Reads the result at `message[at]` into v and f; returns the index after it.
// Throws std::runtime_error on a truncated message.
std::size_t read_result(const std::vector<std::uint64_t>& message, std::size_t at, std::uint64_t& v,
                        BigUInt& f);

// The Spec of both examples (core/example.hpp): values into a queue, F(v) into
// a dictionary. `About` tells the examples apart: its `name`, `values()`
// (the notebook's values) and `heavy_items` (flags for a speedup run).
// `Out` is the Output: fib_dict::Output, or one derived from it that carries a
// model's per-run figures (MPI producer_consumer: rank 0's messages).
template <class About, std::derived_from<Output> Out = Output>
struct Spec {
  static constexpr std::string_view name = About::name;
  // --trace's item (core/trace.hpp)
  static constexpr std::string_view trace_item = About::trace_item;
  using Input = std::vector<std::uint64_t>;  // the values, in queue order
  using Output = Out;
  using Run = hpcp::Run<Input, Output>;

  Values values = About::values();

  void add_flags(CLI::App& app) {
    fib_dict::add_flags(app, values);
    set_footer(app, benchmark_help(About::heavy_items));
  }
  Json params() const { return values_params(values); }
  Input make_input(const auto& context) const { return make_values(values, context.options.seed); }
  Output serial(const Input& in) const {
    Output out;  // what a derived Output adds keeps its defaults
    static_cast<fib_dict::Output&>(out) = fib_dict::serial(in);
    return out;
  }
  void verify(const Run& run, Verdict& v) const {
    fib_dict::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.parallel.dict); }
};

}  // namespace hpcp::fib_dict
