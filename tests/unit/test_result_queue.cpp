// result_queue: the serial baseline against n*n, the OpenMP kernel at 1, 2, 3
// and 8 threads (zero items, one item, more threads than items, queue
// capacities from 1 up, batches of 1, 3 and 512 values, heavy items), the
// verification catching a lost, a doubled and a wrong value, and the
// BlockingQueue it runs on (close wakes every waiter, try_push never blocks,
// exactly-once under many producers and consumers; tests/unit/test_queues.cpp
// has the rest).
#define BOOST_TEST_MODULE result_queue
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <algorithm>
#include <thread>

#include "common/examples/result_queue/spec.hpp"
#include "common/kit/blocking_queue.hpp"
#include "common/kit/exactly_once.hpp"
#include "openmp/result_queue.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
namespace rq = hpcp::result_queue;

BOOST_AUTO_TEST_CASE(serial_matches_closed_form) {
  const auto out = rq::serial(4, 0);
  BOOST_TEST(out.arrivals == (std::vector<std::uint64_t>{1, 4, 9, 16}),
             boost::test_tools::per_element());
  BOOST_TEST(rq::serial(0, 0).arrivals.empty());
  const auto heavy = rq::serial(100, 5000);
  for (std::uint64_t k = 1; k <= 100; ++k) BOOST_TEST(heavy.arrivals[k - 1] == k * k);
  BOOST_TEST(rq::item(4294967295ULL, 0) == 4294967295ULL * 4294967295ULL);
  BOOST_TEST(rq::item(7, 123456) == 49U);
}

BOOST_DATA_TEST_CASE(openmp_kernel_matches_serial,
                     bdata::make({1, 2, 3, 8}) * bdata::make({0, 1, 2, 4, 7, 5000}) *
                         bdata::make({1, 2, 1024}) * bdata::make({1, 3, 512}),
                     threads, n, capacity, batch) {
  omp_set_num_threads(threads);
  const auto un = static_cast<std::uint64_t>(n);
  const auto out = hpcp::omp::result_queue::push_drain(un, 0, static_cast<std::size_t>(capacity),
                                                       static_cast<std::size_t>(batch));
  BOOST_TEST(out.per_worker.size() == static_cast<std::size_t>(threads));
  Verdict v;
  rq::verify(un, rq::serial(un, 0), out, v);
  BOOST_TEST(v.ok(), (v.messages().empty() ? std::string() : v.messages().front()));
  BOOST_TEST(v.checks() == 4);
  if (threads == 1) BOOST_TEST(out.arrivals == rq::serial(un, 0).arrivals);  // one producer: FIFO
}

BOOST_AUTO_TEST_CASE(openmp_heavy_items) {
  for (int threads : {1, 2, 3, 8}) {
    omp_set_num_threads(threads);
    const auto out = hpcp::omp::result_queue::push_drain(300, 20000, 16);
    Verdict v;
    rq::verify(300, rq::serial(300, 0), out, v);
    BOOST_TEST(v.ok(), "threads " << threads);
  }
}

BOOST_AUTO_TEST_CASE(verification_catches_lost_doubled_and_wrong) {
  const auto ref = rq::serial(10, 0);
  auto lost = ref;
  lost.arrivals.pop_back();
  auto twice = ref;
  twice.arrivals.back() = 81;
  auto wrong = ref;
  wrong.arrivals[3] = 17;
  auto miscounted = ref;
  miscounted.per_worker = {9};
  for (const auto* bad : {&lost, &twice, &wrong, &miscounted}) {
    Verdict v;
    rq::verify(10, ref, *bad, v);
    BOOST_TEST(!v.ok());
  }
  auto shuffled = ref;  // any arrival order is fine
  std::reverse(shuffled.arrivals.begin(), shuffled.arrivals.end());
  Verdict v;
  rq::verify(10, ref, shuffled, v);
  BOOST_TEST(v.ok());
  BOOST_TEST(rq::result_json(shuffled).dump() == "[100,81,64,49,36,25,16,9,4,1]");
}

BOOST_AUTO_TEST_CASE(notebook_print_out) {
  std::ostringstream os;
  rq::print_notebook(os, rq::serial(4, 0));
  BOOST_TEST(os.str() == "1\n4\n9\n16\n");
}

BOOST_AUTO_TEST_SUITE(blocking_queue)

BOOST_AUTO_TEST_CASE(close_wakes_every_waiting_consumer) {
  BlockingQueue<int> q(4);
  std::vector<std::thread> consumers;
  std::atomic<int> ended{0};
  for (int i = 0; i < 6; ++i)
    consumers.emplace_back([&] {
      int v = 0;
      while (q.pop(v)) {
      }
      ++ended;
    });
  q.close();  // zero items: every consumer must end
  for (auto& t : consumers) t.join();
  BOOST_TEST(ended.load() == 6);
  int v = 0;
  BOOST_TEST(!q.pop(v));
  BOOST_CHECK_THROW(q.push(1), std::logic_error);
  BOOST_CHECK_THROW(q.try_push(1), std::logic_error);
}

BOOST_AUTO_TEST_CASE(try_push_refuses_when_full_and_fifo_holds) {
  BlockingQueue<int> q(2);
  BOOST_TEST(q.try_push(1));
  BOOST_TEST(q.try_push(2));
  BOOST_TEST(!q.try_push(3));
  std::vector<int> got;
  BOOST_TEST(q.drain_into(got) == 2U);
  BOOST_TEST(q.try_push(3));
  q.close();
  int v = 0;
  BOOST_TEST(q.pop(v));
  BOOST_TEST(v == 3);
  BOOST_TEST(!q.pop(v));
  BOOST_TEST(q.drain_into(got) == 0U);
  BOOST_TEST(got == (std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(exactly_once_with_many_producers_and_consumers) {
  for (std::size_t capacity : {1, 3, 64}) {
    BlockingQueue<std::uint64_t> q(capacity);
    constexpr int producers = 4, consumers = 5;
    constexpr std::uint64_t per_producer = 20000;
    std::vector<std::vector<std::uint64_t>> taken(consumers);
    std::vector<std::thread> threads;
    for (int c = 0; c < consumers; ++c)
      threads.emplace_back([&, c] {
        std::uint64_t v = 0;
        if (c % 2 == 0) {
          while (q.pop(v)) taken[static_cast<std::size_t>(c)].push_back(v);
        } else {
          while (q.drain_into(taken[static_cast<std::size_t>(c)]) > 0) {
          }
        }
      });
    std::vector<std::thread> makers;
    for (int p = 0; p < producers; ++p)
      makers.emplace_back([&, p] {
        for (std::uint64_t i = 0; i < per_producer; ++i)
          q.push(static_cast<std::uint64_t>(p) * per_producer + i);
      });
    for (auto& t : makers) t.join();
    q.close();
    for (auto& t : threads) t.join();
    std::vector<std::uint64_t> produced(producers * per_producer), consumed;
    for (std::uint64_t i = 0; i < produced.size(); ++i) produced[i] = i;
    for (const auto& t : taken) consumed.insert(consumed.end(), t.begin(), t.end());
    Verdict v;
    BOOST_TEST(exactly_once(produced, consumed, "exactly once", v), "capacity " << capacity);
  }
}

BOOST_AUTO_TEST_SUITE_END()
