// mapreduce: the serial baseline against the closed forms, and the OpenMP
// kernel at 1, 2, 3 and 8 threads with every schedule, n = 0 and n = 1.
#define BOOST_TEST_MODULE mapreduce
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include "common/examples/mapreduce/spec.hpp"
#include "common/kit/arithmetic.hpp"
#include "openmp/mapreduce.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;

BOOST_AUTO_TEST_CASE(serial_matches_closed_forms) {
  for (std::uint64_t n : {0, 1, 2, 3, 100, 10000}) {
    const auto out = hpcp::mapreduce::serial(n);
    BOOST_TEST(out.results.size() == n);
    for (std::uint64_t k = 0; k < n; ++k) BOOST_TEST(out.results[k] == compute_closed_form(k));
    BOOST_TEST(out.total == *mapreduce_total_closed_form(n));
  }
  BOOST_TEST(hpcp::mapreduce::serial(10000).total == 166616670000ULL);
}

BOOST_DATA_TEST_CASE(openmp_kernel_matches_serial,
                     bdata::make({1, 2, 3, 8}) *
                         bdata::make({Schedule::static_block, Schedule::dynamic,
                                      Schedule::guided}) *
                         bdata::make({0, 1, 2, 3, 7, 1000}) * bdata::make({0, 1, 5}),
                     threads, schedule, n, chunk) {
  omp_set_num_threads(threads);
  const auto out = hpcp::omp::mapreduce::map_reduce(static_cast<std::uint64_t>(n), schedule, chunk);
  const auto ref = hpcp::mapreduce::serial(static_cast<std::uint64_t>(n));
  BOOST_TEST(out.results == ref.results, boost::test_tools::per_element());
  BOOST_TEST(out.total == *mapreduce_total_closed_form(static_cast<std::uint64_t>(n)));
  Verdict v;
  hpcp::mapreduce::verify(static_cast<std::uint64_t>(n), ref, out, v);
  BOOST_TEST(v.ok());
}

BOOST_AUTO_TEST_CASE(verification_catches_a_wrong_element) {
  const auto ref = hpcp::mapreduce::serial(100);
  auto bad = ref;
  bad.results[57] += 1;
  bad.total += 1;
  Verdict v;
  hpcp::mapreduce::verify(100, ref, bad, v);
  BOOST_TEST(!v.ok());
  BOOST_TEST(hpcp::mapreduce::difference(bad.results, ref.results) == 1);
}

BOOST_AUTO_TEST_CASE(block_split_share) {
  // Item k costs k steps: the upper half of range(N) holds 3/4 of the work.
  BOOST_TEST(hpcp::mapreduce::block_split_busiest_share(100000, 2) == 0.75,
             boost::test_tools::tolerance(1e-3));
  BOOST_TEST(hpcp::mapreduce::block_split_busiest_share(100000, 1) == 1.0);
}
