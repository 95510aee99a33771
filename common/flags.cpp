// The flags of the examples, for both models, in one translation unit: CLI11 is
// header-only and costs about ten seconds of compile time in every file that
// includes it, so the example modules declare their flag adders against a
// forward-declared CLI::App (cli_fwd.hpp) and define them here.
#include "cli.hpp"
#include "lock_balance_serial.hpp"
#include "mapreduce_serial.hpp"
#include "pipe_serial.hpp"
#include "result_queue_serial.hpp"
#include "shared_array_serial.hpp"
#include "square_cube_serial.hpp"
#include "fib_dict.hpp"

#include <string>

namespace hpcp::lock_balance {

void Options::add_flags(CLI::App& app) {
  add_integer_flag(app, "--iterations", iterations, 0, max_iterations,
                   "updates of each kind: deposits of +1 and withdrawals of -1 (default 100, the notebook's)",
                   "N");
  add_integer_flag(app, "--initial", initial, -max_initial, max_initial,
                   "the balance before any update (default 200, mp.Value(\"i\", 200))",
                   "B");
  auto* dep = add_integer_flag(app, "--deposit-sleep-us", deposit_sleep_us, 0, max_sleep_us,
                               "sleep before each deposit, microseconds (default 1000: time.sleep(0.001))",
                               "US");
  auto* wd = add_integer_flag(app, "--withdraw-sleep-us", withdraw_sleep_us, 0, max_sleep_us,
                              "sleep before each withdrawal, microseconds (default 2000: time.sleep(0.002))",
                              "US");
  app.add_option_function<std::uint64_t>(
         "--sleep-us",
         [this](std::uint64_t us) {
           deposit_sleep_us = us;
           withdraw_sleep_us = 2 * us;
         },
         "deposit sleep US, withdrawal sleep 2*US, as scripts/python/lock_balance.py "
         "(0: benchmark mode, no sleeps)")
      ->check(unsigned_in(0, max_sleep_us / 2))
      ->type_name("US")
      ->excludes(dep)
      ->excludes(wd);
  add_choice(app, "--sync", sync, "how the updates of the shared balance are synchronised");
}

}  // namespace hpcp::lock_balance

namespace hpcp::mapreduce {

void add_size_flag(CLI::App& app, std::uint64_t& n) {
  add_integer_flag(app, "--n", n, 0, mapreduce_max_n(),
                   "map compute() over range(N) (default 10000, the notebook)",
                   "N");
}

}  // namespace hpcp::mapreduce

namespace hpcp::pipe {

void Options::add_flags(CLI::App& app) {
  auto mark = [this](const char* flag) {
    return [this, flag](const std::string&) {
      if (pingpong_flag.empty()) pingpong_flag = flag;
    };
  };
  add_choice(app, "--mode", mode, "what goes through the pipe");
  app.add_option("--sizes", sizes,
                 "pingpong: message sizes in bytes, comma-separated (default 1,2,4,...,4194304)")
      ->check(unsigned_list_in(0, max_message_bytes))
      ->each(mark("--sizes"))
      ->type_name("LIST");
  app.add_option_function<std::uint64_t>(
         "--iterations", [this](std::uint64_t v) { iterations = v; },
         "pingpong: timed round trips per size (default 1000 up to 8 KiB, 100 above)")
      ->check(unsigned_in(1, 1000000000))
      ->each(mark("--iterations"))
      ->type_name("N");
  app.add_option_function<std::uint64_t>(
         "--warmup", [this](std::uint64_t v) { warmup = v; },
         "pingpong: untimed round trips before the timed ones (default 100 up to 8 KiB, 10 above)")
      ->check(unsigned_in(0, 1000000000))
      ->each(mark("--warmup"))
      ->type_name("W");
  add_choice(app, "--check", check, "pingpong: how each message's payload is verified")
      ->each(mark("--check"));
}

}  // namespace hpcp::pipe

namespace hpcp::result_queue {

void add_flags(CLI::App& app, std::uint64_t& n, std::uint64_t& work) {
  add_integer_flag(app, "--n", n, 0, max_n,
                   "put n*n for n = 1..N into the queue (default 4, the notebook)",
                   "N");
  add_integer_flag(app, "--work", work, 0, max_work,
                   "extra steps of compute() per item, to make items heavy (default 0: n*n only)",
                   "W");
}

}  // namespace hpcp::result_queue

namespace hpcp {
namespace {
// num_array as the notebook's [1, 2, ..., N] (--n) or given explicitly (--values),
// for the two examples whose Values hold {n, list, explicit_list}.
template <class Values>
void add_num_array_flags(CLI::App& app, Values& values, std::uint64_t max_value,
                         const std::string& n_limit, const std::string& list_limit) {
  auto* n = add_integer_flag(app, "--n", values.n, 0, max_value,
                             "num_array = [1, 2, ..., N] (default 4, the notebook's [1, 2, 3, 4])" + n_limit,
                             "N");
  app.add_option_function<std::string>(
         "--values",
         [&values](const std::string& text) {
           values.list = parse_unsigned_list(text);
           values.explicit_list = true;
         },
         "num_array given explicitly, comma-separated integers from 0 to " + list_limit)
      ->check(unsigned_list_in(0, max_value))
      ->type_name("LIST")
      ->excludes(n);
}
}  // namespace
}  // namespace hpcp

namespace hpcp::shared_array {

void add_value_flags(CLI::App& app, Values& values) {
  add_num_array_flags(app, values, max_value, "", "2^53");
}

}  // namespace hpcp::shared_array

namespace hpcp::square_cube {

void add_value_flags(CLI::App& app, Values& values) {
  add_num_array_flags(app, values, max_value,
                      "; at most 2642245, the largest n whose cube fits 64 bits", "2642245");
}

}  // namespace hpcp::square_cube

namespace hpcp::fib_dict {

void add_input_flags(CLI::App& app, InputSpec& spec) {
  const std::string range = std::to_string(max_value);
  auto* values = app.add_option_function<std::string>(
                        "--values",
                        [&spec](const std::string& s) {
                          spec.list = s;
                          spec.generate = false;
                        },
                        "the values to put into the queue, comma-separated, each 0.." + range +
                            (spec.generate ? std::string() : " (default " + spec.list + ")"))
                     ->check(unsigned_list_in(0, max_value))
                     ->type_name("LIST");
  auto* count = app.add_option_function<std::uint64_t>(
                       "--count",
                       [&spec](std::uint64_t k) {
                         spec.count = k;
                         spec.generate = true;
                       },
                       "put K values drawn uniformly from 1..--max (with --seed) into the queue" +
                           (spec.generate ? " (default " + std::to_string(spec.count) + ")" : std::string()))
                    ->check(unsigned_in(0, max_count))
                    ->type_name("K");
  auto* max = app.add_option("--max", spec.max,
                             "largest generated value (default " + std::to_string(spec.max) +
                                 "); F(v) costs O(v^2) limb additions, so large values (e.g. "
                                 "20000) make heavy items")
                  ->check(unsigned_in(1, max_value))
                  ->type_name("V");
  values->excludes(count);
  values->excludes(max);
  if (!spec.generate) max->needs(count);
}

}  // namespace hpcp::fib_dict
