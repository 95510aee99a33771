// The flags of the Fibonacci dictionary examples (fibonacci_condition,
// producer_consumer). CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/kit/fib_dict.hpp"

namespace hpcp::fib_dict {

void add_flags(CLI::App& app, Values& spec) {
  const std::string range = std::to_string(max_value);
  auto* values = app.add_option_function<std::string>(
                        "--values",
                        [&spec](const std::string& s) {
                          spec.list = s;
                          spec.generate = false;
                        },
                        "the values to put into the queue, comma-separated, each 0.." + range +
                            (spec.generate ? std::string() : " (default " + spec.list + ")"))
                     ->transform(unsigned_list_in(0, max_value))
                     ->type_name("LIST");
  auto* count =
      app.add_option_function<std::uint64_t>(
             "--count",
             [&spec](std::uint64_t k) {
               spec.count = k;
               spec.generate = true;
             },
             "put K values drawn uniformly from 1..--max (with --seed) into the queue" +
                 (spec.generate ? " (default " + std::to_string(spec.count) + ")" : std::string()))
          ->transform(unsigned_in(0, max_count))
          ->type_name("K");
  auto* max = app.add_option("--max", spec.max,
                             "largest generated value (default " + std::to_string(spec.max) +
                                 "); F(v) costs O(v^2) limb additions, so large values (e.g. "
                                 "20000) make heavy items")
                  ->transform(unsigned_in(1, max_value))
                  ->type_name("V");
  values->excludes(count);
  values->excludes(max);
  if (!spec.generate) max->needs(count);
}

void add_chunk_flag(CLI::App& app, std::size_t& chunk, const std::string& unit) {
  add_integer_flag(app, "--chunk", chunk, 1, max_chunk,
                   "values per " + unit +
                       " (default 1: one get() per value, as in the "
                       "notebook); larger chunks trade balance for fewer messages",
                   "C");
}

}  // namespace hpcp::fib_dict
