// fibonacci_condition, shared by both models: the notebook's input (3, 10, 5,
// 7), the OpenMP modes, the consumer count, the notebook's log lines and the
// heavy items of a speedup run. The queue, the dictionary, the serial
// baseline, the three-tier verification and the Spec are
// common/kit/fib_dict.hpp's; the blocking queue is common/kit/blocking_queue.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/variants.hpp"
#include "common/kit/fib_dict.hpp"

namespace hpcp {

// How the OpenMP consumers wait for work.
enum class ConditionMode { threads, tasks };
inline constexpr std::array<Choice<ConditionMode>, 2> condition_mode_table{{
    {ConditionMode::threads, "threads",
     "one producer thread and --consumers consumer threads in one parallel region; consumers "
     "take batches from a blocking queue and, when it is empty, spin briefly, then sleep until a "
     "value or close() arrives"},
    {ConditionMode::tasks, "tasks",
     "a team of --consumers threads; one creates an OpenMP task per value (the runtime's task "
     "pool is the queue), the others wait in the barrier and run them, then so does it"},
}};
constexpr const auto& choices(ConditionMode) { return condition_mode_table; }

namespace fibonacci_condition {

inline constexpr int notebook_consumers = 4;  // fibonacci_task_thread1..4
inline constexpr std::uint64_t max_consumers = 256;

// Ring size of the OpenMP blocking queue: the whole input while small (the
// notebook's unbounded Queue), at most `max_queue_capacity` so that a million
// items do not double the memory; the producer then sleeps while it is full,
// until the consumers have taken half. 16384 values (128 KiB, a core's L2)
// make that one producer wake-up per 8192 values: a sleeping thread's wake-up
// costs microseconds, the consumers' share of 8192 light items far longer.
inline constexpr std::size_t max_queue_capacity = 16384;
inline std::size_t queue_capacity(std::size_t items) {
  return items == 0 ? 1 : (items < max_queue_capacity ? items : max_queue_capacity);
}

// The notebook's log: the producer's notifyAll line, one line per item
// ("[<consumer name>] fibonacci of key [v] with result [F(v)]", at most 20,
// dealt round robin over the consumers), then "[MainThread] - Result: {...}".
// consumer_name(w) names entry w of out.consumed.
void print_notebook(std::ostream& os, const std::vector<std::uint64_t>& values,
                    const fib_dict::Output& out, const std::string& producer,
                    const std::function<std::string(int)>& consumer_name);

// What tells this example apart from producer_consumer (fib_dict::Spec).
struct About {
  static constexpr std::string_view name = "fibonacci_condition";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "one value consumed and its F(v) stored, item i for values[i]";
  // input_list = [3, 10, 5, 7]
  static fib_dict::Values values() { return {.list = "3,10,5,7"}; }
  // Heavy items for a speedup run (the --help footer, fib_dict::benchmark_help).
  static constexpr const char* heavy_items = "--count 400 --max 30000";
};

// What both models' Example share (core/example.hpp).
using Spec = fib_dict::Spec<About>;

}  // namespace fibonacci_condition
}  // namespace hpcp
