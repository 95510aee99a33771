// producer_consumer, shared by both models: the notebook's size (15 values in
// 1..20) and its print-out. The queue, the dictionary, the serial baseline and
// the verification are common/fib_dict.hpp's.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/kit/fib_dict.hpp"

namespace hpcp::producer_consumer {

// for i in range(15): value = random.randint(1, 20)
inline fib_dict::InputSpec notebook_input() {
  fib_dict::InputSpec spec;
  spec.generate = true;
  spec.count = 15;
  spec.max = 20;
  return spec;
}

inline constexpr const char* heavy_items_help =
    "Light items (hand-off throughput): --count 1000000 (values 1..20). Heavy items "
    "(speedup): large values, e.g. --count 2000 --max 20000: F(v) by the notebook's loop "
    "costs O(v^2) limb additions, so items are real, unequal work.";

// The notebook's lines: the producer's puts, each consumer's gets (worker w
// is named `worker_prefix` + w), then the dictionary.
void print_notebook(std::ostream& os, const std::vector<std::uint64_t>& values,
                    const fib_dict::Output& out, const std::string& producer,
                    const std::string& worker_prefix);

}  // namespace hpcp::producer_consumer
