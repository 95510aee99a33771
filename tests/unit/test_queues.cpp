// The waiting and queueing kit of the thread examples: Doorbell (spin, then
// park) and BlockingQueue (a bounded ring, a lock per end, batches). At 1, 2,
// 3 and 8 threads (8 oversubscribes a 2-core machine: a waiter must give up
// its core, or the test never ends): a token passed round a ring of threads
// through one bell, exactly-once delivery through the queue with every push
// and pop form, 200 short runs of it with random capacities and team shapes,
// guided batch sizes, close() waking waiting consumers and producers, and
// idle waiters that sleep: 200 ms on an empty (or full) queue cost the
// waiting thread < 50 ms of CPU time. No assertion on speed.
#define BOOST_TEST_MODULE queues
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/core/verify.hpp"
#include "common/kit/blocking_queue.hpp"
#include "common/kit/doorbell.hpp"
#include "common/kit/exactly_once.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
using namespace std::chrono_literals;

namespace {
// CPU time of the calling thread, in seconds.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Waits (politely) until `count` threads sleep on `bells`.
template <class Sleepers>
void until_asleep(Sleepers&& sleepers, int count) {
  while (sleepers() < count) std::this_thread::sleep_for(1ms);
}

// One exactly-once run: `producers` threads push 0..items-1 between them
// (each its own range, by push, push_batch or try_push_batch by turns),
// `consumers` threads take them (pop, pop_batch with a share, drain_into,
// try_drain_into by turns) until the queue is closed and empty. True if every
// item came out exactly once, and each producer's items in its order.
bool exactly_once_run(std::size_t capacity, int producers, int consumers, std::uint64_t items,
                      std::size_t batch) {
  BlockingQueue<std::uint64_t> q(capacity);
  std::vector<std::vector<std::uint64_t>> taken(static_cast<std::size_t>(consumers));
  std::vector<std::thread> threads;
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&, c] {
      auto& mine = taken[static_cast<std::size_t>(c)];
      switch (c % 4) {
        case 0:
          for (std::uint64_t v = 0; q.pop(v);) mine.push_back(v);
          break;
        case 1:
          while (q.pop_batch(mine, batch, 2 * static_cast<std::size_t>(consumers)) > 0) {
          }
          break;
        case 2:
          while (q.drain_into(mine) > 0) {
          }
          break;
        default:  // polls without blocking, then blocks for the end
          for (int i = 0; i < 1000; ++i)
            if (q.try_drain_into(mine) == 0) std::this_thread::yield();
          while (q.drain_into(mine) > 0) {
          }
      }
    });
  std::atomic<int> finished{0};
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      const std::uint64_t first = items * static_cast<std::uint64_t>(p) /
                                  static_cast<std::uint64_t>(producers),
                          last = items * static_cast<std::uint64_t>(p + 1) /
                                 static_cast<std::uint64_t>(producers);
      std::vector<std::uint64_t> buffer;
      for (std::uint64_t k = first; k < last;) {
        buffer.clear();
        for (; k < last && buffer.size() < batch; ++k) buffer.push_back(k);
        switch ((k / batch + static_cast<std::uint64_t>(p)) % 3) {
          case 0:
            for (const auto v : buffer) q.push(v);
            break;
          case 1:
            q.push_batch(buffer);
            break;
          default: {
            std::span<const std::uint64_t> rest(buffer);
            while (!rest.empty()) {
              rest = rest.subspan(q.try_push_batch(rest));
              if (!rest.empty()) std::this_thread::yield();
            }
          }
        }
      }
      if (++finished == producers) q.close();
    });
  if (producers == 0) q.close();
  for (auto& t : threads) t.join();

  std::vector<std::uint64_t> produced(items), consumed;
  std::iota(produced.begin(), produced.end(), std::uint64_t{0});
  bool in_order = true;  // one consumer's items from one producer come in that producer's order
  for (const auto& t : taken) {
    consumed.insert(consumed.end(), t.begin(), t.end());
    std::vector<std::uint64_t> last(static_cast<std::size_t>(producers) + 1, 0);
    std::vector<bool> seen(last.size(), false);
    for (const auto v : t) {
      std::size_t p = 0;  // the producer whose range holds v
      while (p + 1 < static_cast<std::size_t>(producers) &&
             v >= items * (p + 1) / static_cast<std::uint64_t>(producers))
        ++p;
      if (seen[p] && v <= last[p]) in_order = false;
      seen[p] = true;
      last[p] = v;
    }
  }
  Verdict verdict;
  const bool once = exactly_once(produced, consumed, "exactly once", verdict);
  return once && in_order && q.size() == 0;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(doorbell)

BOOST_AUTO_TEST_CASE(await_returns_at_once_when_ready_and_ring_without_sleepers) {
  Doorbell bell;
  bell.ring();  // nobody waits: one atomic add
  int calls = 0;
  bell.await([&] { return ++calls > 0; });
  BOOST_TEST(calls == 1);
  BOOST_TEST(bell.sleepers() == 0);
  BOOST_TEST(spin_until([] { return true; }, 0ns));
  BOOST_TEST(!spin_until([] { return false; }, 0ns));
  BOOST_TEST(!spin_until([] { return false; }, 100us));
}

// A token goes round `threads` threads `rounds` times: thread i waits for
// turn % threads == i, bumps the turn and rings. Every hand-off wakes the
// next thread, asleep or spinning; with more threads than cores a spinner
// must yield its core to the thread it waits for.
BOOST_DATA_TEST_CASE(token_ring_at_1_2_3_and_8_threads, bdata::make({1, 2, 3, 8}), threads) {
  Doorbell bell;
  std::atomic<int> turn{0};
  const int rounds = threads >= 8 ? 300 : 2000, last = rounds * threads;
  std::vector<int> passes(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> team;
  for (int i = 0; i < threads; ++i)
    team.emplace_back([&, i] {
      for (;;) {
        int now = 0;
        bell.await([&] {
          now = turn.load(std::memory_order_acquire);
          return now >= last || now % threads == i;
        });
        if (now >= last) return;
        ++passes[static_cast<std::size_t>(i)];
        turn.store(now + 1, std::memory_order_release);
        bell.ring();
      }
    });
  for (auto& t : team) t.join();
  BOOST_TEST(turn.load() == last);
  for (const int p : passes) BOOST_TEST(p == rounds);
  BOOST_TEST(bell.sleepers() == 0);
}

BOOST_AUTO_TEST_CASE(a_parked_waiter_is_counted_and_woken) {
  Doorbell bell;
  std::atomic<bool> go{false};
  std::thread waiter([&] { bell.await([&] { return go.load(); }); });
  until_asleep([&] { return bell.sleepers(); }, 1);
  BOOST_TEST(bell.sleepers() == 1);
  go = true;
  bell.ring();
  waiter.join();
  BOOST_TEST(bell.sleepers() == 0);
}

BOOST_AUTO_TEST_CASE(an_idle_waiter_sleeps) {
  Doorbell bell;
  std::atomic<bool> go{false};
  double cpu = -1, wall = -1;
  std::thread waiter([&] {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    bell.await([&] { return go.load(); });
    cpu = thread_cpu_seconds() - c0;
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  std::this_thread::sleep_for(200ms);
  go = true;
  bell.ring();
  waiter.join();
  BOOST_TEST(wall >= 0.19);
  BOOST_TEST(cpu < 0.05, "waiter used " << cpu << " s of CPU in " << wall << " s");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(blocking_queue)

BOOST_AUTO_TEST_CASE(batches_fifo_and_guided_shares) {
  BlockingQueue<int> q(8);
  const std::vector<int> ten{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  BOOST_TEST(q.try_push_batch(ten) == 8U);  // what fits
  BOOST_TEST(q.size() == 8U);
  BOOST_TEST(!q.try_push(8));
  std::vector<int> out;
  BOOST_TEST(q.pop_batch(out, 100, 4) == 2U);  // a quarter of 8
  BOOST_TEST(q.pop_batch(out, 100, 4) == 2U);  // ceil(6 / 4)
  BOOST_TEST(q.pop_batch(out, 1, 1) == 1U);    // at most max
  BOOST_TEST(q.pop_batch(out, 0, 0) == 1U);    // at least one
  BOOST_TEST(out == (std::vector<int>{0, 1, 2, 3, 4, 5}));
  q.push_batch(std::span<const int>(ten).subspan(8));  // wraps round the ring
  BOOST_TEST(q.size() == 4U);
  int v = -1;
  BOOST_TEST(q.pop(v));
  BOOST_TEST(v == 6);
  out.clear();
  BOOST_TEST(q.try_drain_into(out) == 3U);
  BOOST_TEST(out == (std::vector<int>{7, 8, 9}));
  BOOST_TEST(q.try_drain_into(out) == 0U);  // empty and open: does not wait
  q.close();
  BOOST_TEST(q.pop_batch(out, 4) == 0U);
  BOOST_TEST(q.drain_into(out) == 0U);
  BOOST_CHECK_THROW(q.push_batch(ten), std::logic_error);
  BOOST_CHECK_THROW(q.try_push_batch(ten), std::logic_error);
  BOOST_CHECK_THROW(BlockingQueue<int>(0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_full_queue_wakes_its_producer_once_half_empty) {
  BlockingQueue<int> q(4);
  std::vector<int> values{1, 2, 3, 4, 5, 6};
  std::thread producer([&] { q.push_batch(values); });
  until_asleep([&] { return q.sleepers(); }, 1);  // 4 in, waiting to put 5 and 6
  BOOST_TEST(q.size() == 4U);
  int v = 0;
  BOOST_TEST(q.pop(v));
  BOOST_TEST(q.sleepers() == 1);  // 3 of 4: not yet half empty
  BOOST_TEST(q.pop(v));           // 2 of 4: rings
  producer.join();
  std::vector<int> out;
  q.close();
  while (q.drain_into(out) > 0) {
  }
  BOOST_TEST(out == (std::vector<int>{3, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(close_wakes_waiting_consumers_and_producers) {
  BlockingQueue<int> empty(2), full(1);
  BOOST_TEST(full.try_push(1));
  std::atomic<int> ended{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i)
    threads.emplace_back([&] {
      std::vector<int> out;
      while (empty.pop_batch(out, 8) > 0) {
      }
      ++ended;
    });
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&] {
      try {
        full.push(2);
      } catch (const std::logic_error&) {
        ++refused;
      }
    });
  until_asleep([&] { return empty.sleepers() + full.sleepers(); }, 8);
  empty.close();
  full.close();
  for (auto& t : threads) t.join();
  BOOST_TEST(ended.load() == 5);
  BOOST_TEST(refused.load() == 3);
  int v = 0;
  BOOST_TEST(full.pop(v));  // what was in before the close still comes out
  BOOST_TEST(v == 1);
  BOOST_TEST(!full.pop(v));
}

// 200 ms idle on an empty queue (a consumer) and on a full one (a producer):
// each must sleep, not spin.
BOOST_AUTO_TEST_CASE(idle_waiters_sleep) {
  BlockingQueue<int> q(1);
  double consumer_cpu = -1, producer_cpu = -1;
  std::thread consumer([&] {
    const double c0 = thread_cpu_seconds();
    int v = 0;
    BOOST_TEST(q.pop(v));
    consumer_cpu = thread_cpu_seconds() - c0;
    BOOST_TEST(v == 7);
  });
  std::this_thread::sleep_for(200ms);
  q.push(7);
  consumer.join();
  BOOST_TEST(consumer_cpu < 0.05, "idle consumer used " << consumer_cpu << " s of CPU");

  q.push(8);  // full now
  std::thread producer([&] {
    const double c0 = thread_cpu_seconds();
    q.push(9);
    producer_cpu = thread_cpu_seconds() - c0;
  });
  std::this_thread::sleep_for(200ms);
  int v = 0;
  BOOST_TEST(q.pop(v));
  producer.join();
  BOOST_TEST(v == 8);
  BOOST_TEST(producer_cpu < 0.05, "idle producer used " << producer_cpu << " s of CPU");
  BOOST_TEST(q.pop(v));
  BOOST_TEST(v == 9);
}

// producers + consumers = 1 (nothing but a close), 2, 3 and 8 threads.
BOOST_DATA_TEST_CASE(exactly_once_at_1_2_3_and_8_threads,
                     (bdata::make({0, 1, 1, 2, 3, 4}) ^ bdata::make({1, 1, 2, 1, 5, 4})) *
                         bdata::make({1, 3, 64, 1000}),
                     producers, consumers, capacity) {
  const std::uint64_t items = producers == 0 ? 0 : 20000;
  BOOST_TEST(exactly_once_run(static_cast<std::size_t>(capacity), producers, consumers, items, 37),
             producers << " producers, " << consumers << " consumers, capacity " << capacity);
}

// 200 short runs: random capacity, batch and team (up to 8 threads), 3000 items.
BOOST_AUTO_TEST_CASE(exactly_once_200_runs) {
  std::mt19937_64 rng(20261203);
  int bad = 0;
  for (int run = 0; run < 200; ++run) {
    const auto capacity = static_cast<std::size_t>(1 + rng() % 300);
    const auto batch = static_cast<std::size_t>(1 + rng() % 100);
    const int producers = 1 + static_cast<int>(rng() % 4),
              consumers = 1 + static_cast<int>(rng() % 4);
    if (!exactly_once_run(capacity, producers, consumers, 3000, batch)) {
      ++bad;
      BOOST_TEST_MESSAGE("run " << run << ": capacity " << capacity << ", batch " << batch << ", "
                                << producers << " producers, " << consumers << " consumers");
    }
  }
  BOOST_TEST(bad == 0);
}

BOOST_AUTO_TEST_SUITE_END()
