// producer_consumer, shared by both models: the notebook's size (15 values in
// 1..20) and its print-out. The queue, the dictionary, the serial baseline, the
// verification and the Spec are common/kit/fib_dict.hpp's.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/kit/fib_dict.hpp"

namespace hpcp::producer_consumer {

// The notebook's lines: the producer's puts, each consumer's gets (worker w
// is named `worker_prefix` + w), then the dictionary.
void print_notebook(std::ostream& os, const std::vector<std::uint64_t>& values,
                    const fib_dict::Output& out, const std::string& producer,
                    const std::string& worker_prefix);

// What tells this example apart from fibonacci_condition (fib_dict::Spec).
struct About {
  static constexpr std::string_view name = "producer_consumer";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "one value taken from the queue and its F(v) stored, item i the i-th put";
  // for i in range(15): value = random.randint(1, 20)
  static fib_dict::Values values() {
    return {.list = "", .generate = true, .count = 15, .max = 20};
  }
  // Heavy items for a speedup run (the --help footer, fib_dict::benchmark_help).
  static constexpr const char* heavy_items = "--count 2000 --max 20000";
};

// What both models' Example share (core/example.hpp); a model whose Output
// carries more names it.
template <class Output = fib_dict::Output>
using Spec = fib_dict::Spec<About, Output>;

}  // namespace hpcp::producer_consumer
