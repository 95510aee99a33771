// fibonacci_condition: the serial baseline against the notebook and the
// closed form, the print-out, and both OpenMP kernels (threads, tasks) with
// 1..16 consumers at 1, 2, 3 and 8 threads requested (which must not matter:
// --consumers sets the team), zero items, one item, more consumers than
// items, duplicates, big values beyond F(93), and a team of one thread.
#define BOOST_TEST_MODULE fibonacci_condition
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <sstream>

#include "common/core/rng.hpp"
#include "common/examples/fibonacci_condition/spec.hpp"
#include "common/kit/fibonacci.hpp"
#include "openmp/fibonacci_condition.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
using hpcp::fib_dict::Output;
namespace omp_fc = hpcp::omp::fibonacci_condition;

namespace {
const std::vector<std::vector<std::uint64_t>> inputs = {
    {},                     // zero items
    {7},                    // one item
    {3, 10, 5, 7},          // the notebook
    {5, 5, 5, 0, 0, 1, 5},  // duplicates, F(0) = 0
    {94, 93, 200, 1, 2},    // beyond 64 bits
};

std::size_t total(const Output& out) {
  std::size_t n = 0;
  for (const auto& c : out.consumed) n += c.size();
  return n;
}

bool verified(const std::vector<std::uint64_t>& values, const Output& out) {
  Verdict v;
  fib_dict::verify(values, fib_dict::serial(values), out, v);
  for (const auto& m : v.messages()) BOOST_TEST_MESSAGE(m);
  return v.ok();
}
}  // namespace

BOOST_AUTO_TEST_CASE(serial_reproduces_the_notebook) {
  const auto out = fib_dict::serial({3, 10, 5, 7});
  BOOST_TEST(fib_dict::result_json(out.dict).dump() == R"({"3":2,"5":5,"7":13,"10":55})");
  BOOST_TEST(fib_dict::dict_text({3, 10, 5, 7}, out.dict) == "{3: 2, 10: 55, 5: 5, 7: 13}");
  for (std::uint64_t v : {0, 1, 2, 10, 93, 94, 500}) BOOST_TEST(fib(v) == fib_fast_doubling(v));
  BOOST_TEST(fib_dict::result_json(fib_dict::serial({100}).dict)["100"] == "354224848179261915075");
}

BOOST_AUTO_TEST_CASE(print_out_has_the_notebook_lines) {
  const std::vector<std::uint64_t> values{3, 10, 5, 7};
  std::ostringstream os;
  hpcp::fibonacci_condition::print_notebook(
      os, values, fib_dict::serial(values), "queue_task_thread",
      [](int c) { return "fibonacci_task_thread" + std::to_string(c + 1); });
  const auto text = os.str();
  BOOST_TEST(text.find("[fibonacci_task_thread1] fibonacci of key [10] with result [55]") !=
             std::string::npos);
  BOOST_TEST(text.find("[MainThread] - Result: {3: 2, 10: 55, 5: 5, 7: 13}") != std::string::npos);
}

BOOST_DATA_TEST_CASE(kernels_match_serial,
                     bdata::make({ConditionMode::threads, ConditionMode::tasks}) *
                         bdata::make({1, 2, 3, 8}) * bdata::xrange(1, 17) * bdata::xrange(5),
                     mode, threads, consumers, which) {
  omp_set_num_threads(threads);
  const auto& values = inputs[static_cast<std::size_t>(which)];
  const auto out = omp_fc::run_kernel(mode, values, consumers);
  BOOST_TEST(verified(values, out));
  BOOST_TEST(total(out) == values.size());
  const int team = mode == ConditionMode::threads ? consumers + 1 : consumers;
  BOOST_TEST(out.team == team);
  BOOST_TEST(out.consumed.size() == static_cast<std::size_t>(consumers));
}

BOOST_DATA_TEST_CASE(many_light_items_are_delivered_exactly_once,
                     bdata::make({ConditionMode::threads, ConditionMode::tasks}) *
                         bdata::make({1, 2, 3, 8, 16}),
                     mode, consumers) {
  // More items than the queue's ring holds, so the producer must sleep and be woken.
  const auto values =
      uniform_values(5 * hpcp::fibonacci_condition::max_queue_capacity + 3, 0, 120, 7);
  const auto out = omp_fc::run_kernel(mode, values, consumers);
  BOOST_TEST(verified(values, out));
  BOOST_TEST(total(out) == values.size());
}

BOOST_AUTO_TEST_CASE(verification_catches_a_lost_and_a_doubled_item) {
  const std::vector<std::uint64_t> values{3, 10, 5, 7};
  auto out = omp_fc::threads_kernel(values, 2);
  out.consumed[0].push_back(3);  // delivered twice
  BOOST_TEST(!verified(values, out));
  out = omp_fc::tasks_kernel(values, 2);
  for (auto& c : out.consumed)
    if (!c.empty()) {
      c.pop_back();  // lost
      break;
    }
  BOOST_TEST(!verified(values, out));
}

BOOST_DATA_TEST_CASE(a_team_of_one_thread_still_finishes,
                     bdata::make({ConditionMode::threads, ConditionMode::tasks}) * bdata::xrange(5),
                     mode, which) {
  // Nested inside an active region with nesting off, the kernel's region gets
  // one thread: the threads mode must not wait for consumers that do not exist.
  const auto& values = inputs[static_cast<std::size_t>(which)];
  omp_set_max_active_levels(1);
  Output out;
#pragma omp parallel num_threads(2)
#pragma omp single
  out = omp_fc::run_kernel(mode, values, 4);
  BOOST_TEST(out.team == 1);
  BOOST_TEST(verified(values, out));
}

BOOST_AUTO_TEST_CASE(queue_capacity_is_bounded) {
  BOOST_TEST(hpcp::fibonacci_condition::queue_capacity(0) == 1U);
  BOOST_TEST(hpcp::fibonacci_condition::queue_capacity(4) == 4U);
  BOOST_TEST(hpcp::fibonacci_condition::queue_capacity(1000000) ==
             hpcp::fibonacci_condition::max_queue_capacity);
}

BOOST_AUTO_TEST_CASE(mode_table) {
  BOOST_TEST(name_of(ConditionMode::threads) == "threads");
  BOOST_TEST((parse_choice<ConditionMode>("tasks") == ConditionMode::tasks));
  BOOST_TEST(!parse_choice<ConditionMode>("spin").has_value());
}
