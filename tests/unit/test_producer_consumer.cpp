// producer_consumer: the serial baseline (and the shared fib_dict code) against
// the closed forms, and the OpenMP kernel at 1, 2, 3 and 8 threads on zero
// items, one item, more threads than items, duplicates, values beyond F(93)
// and the notebook's input; the verification must catch a wrong value, a lost
// item and an item delivered twice.
#define BOOST_TEST_MODULE producer_consumer
#include <boost/multiprecision/cpp_int.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <algorithm>
#include <iterator>

#include "common/core/rng.hpp"
#include "common/examples/producer_consumer/spec.hpp"
#include "common/kit/fib_dict.hpp"
#include "openmp/producer_consumer.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;

namespace {

std::vector<std::vector<std::uint64_t>> inputs() {
  return {
      {},                                          // zero items
      {10},                                        // one item
      {3, 10, 5},                                  // fewer items than 8 threads
      {3, 10, 5, 7},                               // fibonacci_condition's values
      {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 1, 1},  // duplicates, F(0), F(1)
      {93, 94, 95, 200, 1000, 94, 2},              // beyond 64 bits: BigUInt
      uniform_values(15, 1, 20, 42),               // the notebook's size, default seed
      uniform_values(5000, 1, 300, 7),             // many items, many duplicates
  };
}

std::size_t total(const fib_dict::Output& out) {
  std::size_t n = 0;
  for (const auto& c : out.consumed) n += c.size();
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(serial_matches_closed_forms) {
  const auto out = fib_dict::serial({3, 10, 5, 7, 0, 1, 93, 94, 300});
  BOOST_TEST(out.dict.at(3) == 2);
  BOOST_TEST(out.dict.at(10) == 55);
  BOOST_TEST(out.dict.at(5) == 5);
  BOOST_TEST(out.dict.at(7) == 13);
  BOOST_TEST(out.dict.at(0) == 0);
  BOOST_TEST(out.dict.at(1) == 1);
  BOOST_TEST(out.dict.at(93) == BigUInt(12200160415121876738ULL));
  BOOST_TEST(out.dict.at(94) == BigUInt("19740274219868223167"));
  BOOST_TEST(out.dict.at(300) ==
             BigUInt("222232244629420445529739893461909967206666939096499764990979600"));
  BOOST_TEST(out.consumed.size() == 1U);
  BOOST_TEST(out.consumed[0].size() == 9U);
  for (std::uint64_t v = 0; v <= 400; ++v) BOOST_TEST(fib(v) == fib_fast_doubling(v), "v = " << v);
}

BOOST_AUTO_TEST_CASE(result_json_keeps_big_values_exact) {
  const auto out = fib_dict::serial({10, 93, 94});
  const Json j = fib_dict::result_json(out.dict);
  BOOST_TEST(j["10"].get<std::uint64_t>() == 55U);
  BOOST_TEST(j["93"].get<std::uint64_t>() == 12200160415121876738ULL);
  BOOST_TEST(j["94"].get<std::string>() == "19740274219868223167");
}

BOOST_AUTO_TEST_CASE(result_messages_round_trip) {
  std::vector<std::uint64_t> message;
  const std::vector<std::uint64_t> vs{0, 1, 93, 94, 1000};
  for (const auto v : vs) fib_dict::append_result(v, fib(v), message);
  std::size_t at = 0;
  for (const auto v : vs) {
    std::uint64_t got = 0;
    BigUInt f;
    at = fib_dict::read_result(message, at, got, f);
    BOOST_TEST(got == v);
    BOOST_TEST(f == fib(v));
  }
  BOOST_TEST(at == message.size());
  message.pop_back();  // truncated: refused, not read past the end
  std::uint64_t v = 0;
  BigUInt f;
  at = 0;
  BOOST_CHECK_THROW(
      for (std::size_t i = 0; i < vs.size(); ++i) at = fib_dict::read_result(message, at, v, f),
      std::runtime_error);
}

// The limbs around their boundaries: F(93) is the last value of one limb, F(94)
// the first of two, F(186) the last of two, F(187) the first of three; F(20000)
// is 217 limbs. Each must come back exact (against fast doubling, not the
// loop that made it), and the words must be those of the format, [v, n, n
// limbs most significant first], word for word as Boost's cpp_int export_bits
// wrote them before GMP: the message format is unchanged.
BOOST_AUTO_TEST_CASE(result_messages_are_exact_around_limb_boundaries) {
  const std::vector<std::uint64_t> vs{93, 94, 185, 186, 187, 20000, 0, 1};
  std::vector<std::uint64_t> message;
  for (const auto v : vs) fib_dict::append_result(v, fib(v), message);

  std::vector<std::uint64_t> expected;  // the same message, word by word, from cpp_int
  for (const auto v : vs) {
    const boost::multiprecision::cpp_int f(fib_fast_doubling(v).str());
    expected.push_back(v);
    const std::size_t at = expected.size();
    expected.push_back(0);
    if (f == 0)
      expected.push_back(0);
    else
      boost::multiprecision::export_bits(f, std::back_inserter(expected), 64);
    expected[at] = expected.size() - at - 1;
  }
  BOOST_TEST(message == expected, boost::test_tools::per_element());
  BOOST_TEST(message[1] == 1U);  // F(93): one limb
  BOOST_TEST(message[2] == 12200160415121876738ULL);
  BOOST_TEST(message[4] == 2U);  // F(94) = 2^64 + 1293530146158671551: two limbs
  BOOST_TEST(message[5] == 1U);
  BOOST_TEST(message[6] == 1293530146158671551ULL);

  std::size_t at = 0;
  BigUInt f;  // reused, moved from: read_result must not depend on what it held
  for (const auto v : vs) {
    std::uint64_t got = 0;
    at = fib_dict::read_result(message, at, got, f);
    BOOST_TEST(got == v);
    BOOST_TEST((f == fib_fast_doubling(v)), "v = " << v);
    const BigUInt kept = std::move(f);
    BOOST_TEST((kept == fib_fast_doubling(v)), "v = " << v);
  }
  BOOST_TEST(at == message.size());
}

BOOST_DATA_TEST_CASE(openmp_kernel_matches_serial, bdata::make({1, 2, 3, 8}) * bdata::xrange(8),
                     threads, which) {
  const auto values = inputs()[static_cast<std::size_t>(which)];
  omp_set_num_threads(threads);
  const auto out = hpcp::omp::producer_consumer::drain(values);
  const auto ref = fib_dict::serial(values);
  BOOST_TEST(out.team == threads);
  BOOST_TEST(out.consumed.size() == static_cast<std::size_t>(threads));  // one count per thread
  BOOST_TEST(total(out) == values.size());
  Verdict v;
  fib_dict::verify(values, ref, out, v);
  BOOST_TEST(v.ok(), (v.messages().empty() ? std::string() : v.messages().front()));
  BOOST_TEST(v.checks() == 4);
}

BOOST_AUTO_TEST_CASE(verification_catches_wrong_lost_and_twice) {
  const std::vector<std::uint64_t> values{3, 10, 5, 7, 7};
  const auto ref = fib_dict::serial(values);
  {
    auto bad = ref;
    bad.dict[10] = 54;
    Verdict v;
    fib_dict::verify(values, ref, bad, v);
    BOOST_TEST(!v.ok());
  }
  {
    auto lost = ref;  // the dictionary is complete, but one 7 was never consumed
    lost.consumed[0].pop_back();
    Verdict v;
    fib_dict::verify(values, ref, lost, v);
    BOOST_TEST(!v.ok());
    BOOST_TEST(v.messages().front().find("lost") != std::string::npos);
  }
  {
    auto twice = ref;  // 3 delivered to two consumers
    twice.consumed.push_back({3});
    Verdict v;
    fib_dict::verify(values, ref, twice, v);
    BOOST_TEST(!v.ok());
    BOOST_TEST(v.messages().front().find("too often") != std::string::npos);
  }
  {
    auto missing_key = ref;
    missing_key.dict.erase(5);
    Verdict v;
    fib_dict::verify(values, ref, missing_key, v);
    BOOST_TEST(!v.ok());
  }
}

BOOST_AUTO_TEST_CASE(balance_metrics) {
  fib_dict::Output out;
  out.consumed = {{1, 2, 3}, {4}};
  Report r;
  r.parallel.median = 0.5;
  fib_dict::describe_balance(r, out, 4, "items_per_thread");
  BOOST_TEST(r.metrics["items_per_thread"].dump() == "[3,1]");
  BOOST_TEST(r.metrics["items_per_second"].get<double>() == 8.0);
  BOOST_TEST(r.metrics["imbalance"].get<double>() == 1.5);  // busiest 3 / mean 2
}

BOOST_AUTO_TEST_CASE(notebook_print_out) {
  const std::vector<std::uint64_t> values{3, 10, 5, 7, 3};
  omp_set_num_threads(2);
  const auto out = hpcp::omp::producer_consumer::drain(values);
  std::ostringstream os;
  hpcp::producer_consumer::print_notebook(os, values, out, "omp single", "thread ");
  const auto text = os.str();
  BOOST_TEST(text.find("Producer [omp single] putting value [10] into queue..") !=
             std::string::npos);
  BOOST_TEST(text.find("getting value [7] from queue...") != std::string::npos);
  BOOST_TEST(text.find("{3: 2, 10: 55, 5: 5, 7: 13}") != std::string::npos);
}
