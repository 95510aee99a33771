// shared_array: the exact oracle (n*n rounded once to double), Python's float
// print-out, the memory refusal, verification, and the OpenMP kernel with
// first-touch allocation at 1, 2, 3 and 8 threads: empty input, one item,
// more threads than items, duplicate values, the largest values.
#define BOOST_TEST_MODULE shared_array
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "common/core/rng.hpp"
#include "common/examples/shared_array/spec.hpp"
#include "openmp/shared_array.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
namespace sa = hpcp::shared_array;
namespace oa = hpcp::omp::shared_array;

BOOST_AUTO_TEST_CASE(closed_form_is_the_exact_square_rounded_once) {
  BOOST_TEST(sa::square_closed_form(0) == 0.0);
  BOOST_TEST(sa::square_closed_form(4) == 16.0);
  const std::uint64_t e26 = std::uint64_t{1} << 26, e27 = std::uint64_t{1} << 27;
  // Up to 2^26 the square is below 2^53 and exact.
  BOOST_TEST(sa::square_closed_form(e26 + 1) == std::ldexp(1.0, 52) + std::ldexp(1.0, 27) + 1.0);
  // (2^27+1)^2 = 2^54 + 2^28 + 1: the double nearest it drops the 1 (ulp 4 there).
  BOOST_TEST(sa::square_closed_form(e27 + 1) == std::ldexp(1.0, 54) + std::ldexp(1.0, 28));
  BOOST_TEST(sa::square_closed_form(std::uint64_t{1} << 32) == std::ldexp(1.0, 64));
  BOOST_TEST(sa::square_closed_form(sa::max_value) == std::ldexp(1.0, 106));
  // 2^53 - 1 squared = 2^106 - 2^54 + 1, nearest double 2^106 - 2^54.
  BOOST_TEST(sa::square_closed_form(sa::max_value - 1) ==
             std::ldexp(1.0, 106) - std::ldexp(1.0, 54));
}

BOOST_AUTO_TEST_CASE(double_product_equals_the_oracle_for_every_exact_value) {
  // IEEE multiplication rounds the exact product once, as the oracle does.
  for (const auto& [lo, hi] : {std::pair<std::uint64_t, std::uint64_t>{0, 1u << 20},
                               {std::uint64_t{1} << 26, std::uint64_t{1} << 33},
                               {std::uint64_t{1} << 40, sa::max_value}})
    for (std::uint64_t v : uniform_values(20000, lo, hi, 7))
      BOOST_TEST(sa::square(static_cast<double>(v)) == sa::square_closed_form(v), "v = " << v);
}

BOOST_AUTO_TEST_CASE(python_float_repr) {
  BOOST_TEST(sa::python_float(1.0) == "1.0");
  BOOST_TEST(sa::python_float(16.0) == "16.0");
  BOOST_TEST(sa::python_float(0.0) == "0.0");
  BOOST_TEST(sa::python_float(1e15) == "1000000000000000.0");
  BOOST_TEST(sa::python_float(1e16) == "1e+16");
  BOOST_TEST(sa::python_float(std::ldexp(1.0, 60)) == "1.152921504606847e+18");
  BOOST_TEST(sa::python_float(0.5) == "0.5");
  BOOST_TEST(sa::python_float(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

BOOST_AUTO_TEST_CASE(memory_refused_up_front_with_the_estimate) {
  const std::uint64_t gib = std::uint64_t{1} << 30;
  BOOST_TEST(!sa::memory_problem(100000000, 1600000000, 4 * gib, "MemAvailable"));
  const auto problem = sa::memory_problem(1000000000, 16000000000, 4 * gib, "MemAvailable");
  BOOST_REQUIRE(problem.has_value());
  BOOST_TEST(problem->rfind("--n: 1000000000 elements need about 14.90 GiB", 0) == 0, *problem);
  BOOST_TEST(problem->find("4.00 GiB is available (MemAvailable)") != std::string::npos, *problem);
  BOOST_TEST(
      sa::memory_problem(1, 16, 16 + (std::uint64_t{63} << 20), "x").has_value());  // no room left
}

sa::Values range_of(std::uint64_t n) {
  sa::Values v;
  v.n = n;
  return v;
}
sa::Values list_of(std::vector<std::uint64_t> list) {
  sa::Values v;
  v.list = std::move(list);
  v.explicit_list = true;
  return v;
}

void check_kernel(const sa::Values& values) {
  auto a = oa::first_touch(values);
  const auto n = static_cast<std::size_t>(values.count());
  BOOST_TEST(static_cast<std::size_t>(a.squares().size()) == n);
  for (std::size_t i = 0; i < n; ++i)
    BOOST_TEST(std::isnan(a.squares()[static_cast<Eigen::Index>(i)]));
  oa::square_all(a.values(), a.squares());
  std::vector<double> serial(n);
  sa::square_block(a.values().data(), serial.data(), n);
  BOOST_TEST(std::vector<double>(a.squares().begin(), a.squares().end()) == serial,
             boost::test_tools::per_element());
  for (std::size_t i = 0; i < n; ++i)
    BOOST_TEST(a.squares()[static_cast<Eigen::Index>(i)] ==
               sa::square_closed_form(static_cast<std::uint64_t>(values.at(i))));
  Verdict v;
  sa::verify(a.values().data(), a.squares().data(), n, v);
  BOOST_TEST(v.ok());
}

BOOST_DATA_TEST_CASE(openmp_kernel_matches_serial_and_closed_form,
                     bdata::make({1, 2, 3, 8}) * bdata::make({0, 1, 2, 3, 4, 7, 1000, 100003}),
                     threads, n) {
  omp_set_num_threads(threads);
  check_kernel(range_of(static_cast<std::uint64_t>(n)));
}

BOOST_DATA_TEST_CASE(openmp_kernel_explicit_values, bdata::make({1, 2, 3, 8}), threads) {
  omp_set_num_threads(threads);
  check_kernel(list_of({3, 3, 0, 3, 1}));  // duplicates and zero
  check_kernel(list_of({sa::max_value, (std::uint64_t{1} << 27) + 1, sa::max_value - 1}));
  check_kernel(list_of({9}));
}

BOOST_AUTO_TEST_CASE(defaults_are_the_notebook) {
  omp_set_num_threads(2);
  auto a = oa::first_touch(sa::Values{});
  oa::square_all(a.values(), a.squares());
  BOOST_TEST(sa::result_json(std::span<const double>(a.squares().data(), 4)).dump() ==
             "[1.0,4.0,9.0,16.0]");
  std::ostringstream os;
  sa::print_notebook(os, sa::Values{}, std::span<const double>(a.squares().data(), 4), 0.001);
  BOOST_TEST(os.str().find("square of [1] is [1.0]\nsquare of [2] is [4.0]\n") !=
             std::string::npos);
  BOOST_TEST(os.str().find("In the main process: [1.0, 4.0, 9.0, 16.0]\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_arrays_are_summarised) {
  std::vector<double> big(sa::json_array_limit + 1, 4.0);
  const auto j = sa::result_json(big);
  BOOST_TEST(j.is_object());
  BOOST_TEST(j["size"] == sa::json_array_limit + 1);
  std::ostringstream os;
  sa::print_notebook(os, range_of(big.size()), big, 0.0);
  BOOST_TEST(os.str().find("(10001 elements)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(verification_catches_wrong_skipped_and_swapped_elements) {
  auto a = oa::first_touch(range_of(200000));
  oa::square_all(a.values(), a.squares());
  auto expect_failure = [&](auto&& spoil) {
    Eigen::ArrayXd copy = a.arrays().squares;
    spoil(copy);
    Verdict v;
    sa::verify(a.values().data(), copy.data(), static_cast<std::size_t>(copy.size()), v);
    BOOST_TEST(!v.ok());
  };
  expect_failure([](Eigen::ArrayXd& s) { s[123456] += 1; });
  expect_failure([](Eigen::ArrayXd& s) { s[199999] = std::numeric_limits<double>::quiet_NaN(); });
  expect_failure([](Eigen::ArrayXd& s) { std::swap(s[5], s[70000]); });
  Verdict ok;
  sa::verify(a.values().data(), a.squares().data(), 200000, ok);
  BOOST_TEST(ok.ok());
}
