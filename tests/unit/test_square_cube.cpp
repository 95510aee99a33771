// square_cube: the exact oracles (and the overflow bound), the serial
// baseline, verification catching a wrong or skipped element, the print-out,
// and the OpenMP kernel with both constructs at 1, 2, 3 and 8 threads: empty
// input, one item, more threads than items, duplicate values, the largest values.
#define BOOST_TEST_MODULE square_cube
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <numeric>
#include <sstream>

#include "common/examples/square_cube/spec.hpp"
#include "openmp/square_cube.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
namespace sc = hpcp::square_cube;
namespace oc = hpcp::omp::square_cube;

BOOST_AUTO_TEST_CASE(closed_forms_and_the_64_bit_bound) {
  BOOST_TEST(*sc::square_closed_form(4) == 16u);
  BOOST_TEST(*sc::cube_closed_form(4) == 64u);
  BOOST_TEST(*sc::cube_closed_form(0) == 0u);
  BOOST_TEST(*sc::cube_closed_form(sc::max_value) == 18446724184312856125ull);
  BOOST_TEST(!sc::cube_closed_form(sc::max_value + 1).has_value());
  BOOST_TEST(!sc::square_closed_form(std::uint64_t{1} << 32).has_value());
  BOOST_TEST(*sc::square_closed_form((std::uint64_t{1} << 32) - 1) == 18446744065119617025ull);
  BOOST_TEST(sc::cube(sc::max_value) == *sc::cube_closed_form(sc::max_value));
}

BOOST_AUTO_TEST_CASE(notebook_values) {
  sc::Values v;  // default: [1, 2, 3, 4]
  const auto values = v.materialize();
  BOOST_TEST(values == std::vector<std::uint64_t>({1, 2, 3, 4}), boost::test_tools::per_element());
  std::vector<std::uint64_t> sq(4), cu(4);
  sc::serial(values, sq, cu);
  BOOST_TEST(sq == std::vector<std::uint64_t>({1, 4, 9, 16}), boost::test_tools::per_element());
  BOOST_TEST(cu == std::vector<std::uint64_t>({1, 8, 27, 64}), boost::test_tools::per_element());
  std::ostringstream os;
  sc::print_notebook(os, values, sq, cu, 0.5);
  BOOST_TEST(
      os.str() ==
      "square of [1] is [1]\ncube of [1] is [1]\nsquare of [2] is [4]\ncube of [2] is [8]\n"
      "square of [3] is [9]\ncube of [3] is [27]\nsquare of [4] is [16]\ncube of [4] is [64]\n"
      "Tasks done in 0.5\n");
  const auto j = sc::result_json(sq, cu);
  BOOST_TEST(j.dump() == R"({"squares":[1,4,9,16],"cubes":[1,8,27,64]})");
}

BOOST_AUTO_TEST_CASE(verification_catches_a_wrong_and_a_skipped_element) {
  const std::vector<std::uint64_t> values{1, 2, 3};
  std::vector<std::uint64_t> sq(3), cu(3);
  sc::serial(values, sq, cu);
  {
    Verdict v;
    sc::verify(values, sq, cu, sq, cu, v);
    BOOST_TEST(v.ok());
  }
  auto bad = cu;
  bad[1] = sc::poison_value;
  Verdict v;
  sc::verify(values, sq, cu, sq, bad, v);
  BOOST_TEST(!v.ok());
  BOOST_TEST(v.messages().front().find("[1] = ") != std::string::npos);
  auto wrong_serial = sq;
  wrong_serial[0] = 2;
  Verdict w;
  sc::verify(values, wrong_serial, cu, wrong_serial, cu, w);
  BOOST_TEST(!w.ok());
}

BOOST_AUTO_TEST_CASE(long_lists_print_and_serialise_in_short) {
  sc::Values v;
  v.n = 20001;
  const auto values = v.materialize();
  std::vector<std::uint64_t> sq(values.size()), cu(values.size());
  sc::serial(values, sq, cu);
  std::ostringstream os;
  sc::print_notebook(os, values, sq, cu, 1.0);
  BOOST_TEST(os.str().find("... (19991 more of each)") != std::string::npos);
  BOOST_TEST(os.str().find("cube of [20001] is [8001200060001]") != std::string::npos);
  const auto j = sc::result_json(sq, cu);
  BOOST_TEST(j["cubes"]["size"] == 20001);
  BOOST_TEST(j["squares"]["last"].back() == 400040001u);
}

namespace {
void check_kernel(const std::vector<std::uint64_t>& values, TaskConstruct construct, int threads) {
  omp_set_num_threads(threads);
  const std::size_t n = values.size();
  std::vector<std::uint64_t> ssq(n), scu(n), sq(n, sc::poison_value), cu(n, sc::poison_value);
  sc::serial(values, ssq, scu);
  const auto per_thread = oc::square_and_cube(construct, values, sq, cu);
  Verdict v;
  sc::verify(values, ssq, scu, sq, cu, v);
  BOOST_TEST(v.ok(), "n=" << n << " threads=" << threads << ": "
                          << (v.messages().empty() ? "" : v.messages().front()));
  BOOST_TEST(per_thread.size() == static_cast<std::size_t>(threads));
  BOOST_TEST(std::accumulate(per_thread.begin(), per_thread.end(), std::uint64_t{0}) == 2 * n);
}
}  // namespace

BOOST_DATA_TEST_CASE(kernel_matches_serial,
                     bdata::make({1, 2, 3, 8}) *
                         bdata::make({TaskConstruct::sections, TaskConstruct::tasks}),
                     threads, construct) {
  for (std::uint64_t n : {0, 1, 2, 4, 7, 16384, 16385, 100003}) {
    sc::Values v;
    v.n = n;
    check_kernel(v.materialize(), construct, threads);
  }
  check_kernel({3, 3, 0, 3, sc::max_value, sc::max_value}, construct,
               threads);  // duplicates, largest
}

BOOST_AUTO_TEST_CASE(sections_use_at_most_two_threads) {
  omp_set_num_threads(8);
  std::vector<std::uint64_t> values{1, 2, 3, 4}, sq(4), cu(4);
  const auto per_thread = oc::square_and_cube(TaskConstruct::sections, values, sq, cu);
  BOOST_TEST(std::count_if(per_thread.begin(), per_thread.end(), [](auto c) { return c > 0; }) <=
             2);
}

BOOST_AUTO_TEST_CASE(construct_names) {
  BOOST_TEST(name_of(TaskConstruct::sections) == "sections");
  BOOST_TEST(parse_choice<TaskConstruct>("tasks").value() == TaskConstruct::tasks);
  BOOST_TEST(!parse_choice<TaskConstruct>("processes").has_value());
}
