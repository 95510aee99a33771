// Spin, then park: how a thread waits for another in this suite.
//
// A thread hand-off costs what the cache-line transfer costs (a few hundred
// nanoseconds) only if the waiter is running when the state changes; a thread
// asleep in the kernel takes microseconds to wake. So a waiter first spins on
// the shared state for a bounded time (`spin_budget` polls with the CPU's
// pause hint, ~20-50 us), and only then parks on a futex through C++20's
// std::atomic::wait. A busy hand-off never enters the kernel; an idle one does
// not burn a core; more threads than cores cannot livelock, since a spinner
// gives up its core after the budget.
//
// Doorbell: whoever changes state that others may wait for calls ring() after
// the change; a waiter calls await(ready), where ready() reads that state.
// No wake-up is lost: await registers as a sleeper, reads the bell's count,
// re-checks ready() and sleeps only while the count is unchanged; ring() bumps
// the count and then reads the sleeper count (both sequentially consistent:
// either the ringer sees the sleeper or the sleeper sees the ring). ring()
// costs one atomic add, plus a futex wake only while somebody sleeps.
#pragma once

#include <atomic>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hpcp {

// The CPU's spin-wait hint: frees the core's pipeline for its sibling
// hyperthread and avoids the memory-order flush on leaving the loop.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Polls before parking. A pause is 10-140 cycles depending on the CPU, so this
// is some tens of microseconds: long against a hand-off (< 1 us), short
// against a scheduler time slice (ms).
inline constexpr int spin_budget = 1 << 12;

// Spins until ready() or the budget is spent; true if ready.
template <class Ready>
bool spin_until(Ready&& ready, int budget = spin_budget) {
  for (int i = 0; i < budget; ++i) {
    if (ready()) return true;
    cpu_relax();
  }
  return ready();
}

class Doorbell {
 public:
  // Call after changing the state that waiters test.
  void ring() noexcept {
    rings_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) != 0) rings_.notify_all();
  }

  // Returns once ready() holds: spins first, then sleeps until a ring.
  template <class Ready>
  void await(Ready&& ready) {
    if (spin_until(ready)) return;
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    for (;;) {
      const std::uint32_t seen = rings_.load(std::memory_order_seq_cst);
      if (ready()) break;
      rings_.wait(seen, std::memory_order_seq_cst);  // returns at once if rung since `seen`
    }
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }

  // Threads asleep in await() now (for tests and reports).
  int sleepers() const noexcept { return static_cast<int>(sleepers_.load()); }

 private:
  std::atomic<std::uint32_t> rings_{0};
  std::atomic<std::uint32_t> sleepers_{0};
};

}  // namespace hpcp
