// A bounded blocking FIFO for threads: the C++ form of Python's queue.Queue
// with the threading.Condition the notebook wraps around it, built for
// hand-offs in batches.
//
// Storage: a ring buffer of `capacity` slots, allocated once; the tail counts
// the items ever pushed, the head the items ever taken (64-bit, never wrap),
// so the queue holds tail - head items in slots [head, tail) mod capacity.
// Each end has its own mutex: producers serialise among themselves on the
// push end's and consumers on the pop end's, so under each lock the ring is
// the textbook single-producer single-consumer ring. A producer writes free
// slots, then publishes them with a release store of the tail; a consumer
// reads the tail (acquire), moves the items out, then frees their slots with a
// release store of the head, which a producer reads (acquire) before reusing
// them. A
// producer and a consumer never take the same lock, and each end's lock and
// counter sit on their own cache line (as do the two bells), so the two ends
// do not share a line they write. One lock acquisition moves a whole batch:
// push_batch() puts many values, pop_batch() takes many.
//
// Waiting: spin, then park (common/kit/doorbell.hpp). A consumer that finds
// the queue empty waits on the `not_empty_` bell; a producer that finds it
// full waits on `not_full_` until it has drained to half its capacity (so a
// fast producer and a slow consumer do not trade one wake-up per item), and
// a consumer rings `not_full_` only when its pop left the queue at most half
// full. Both spin for up to 20 us, then sleep in the kernel: an idle consumer
// uses no CPU time, and more threads than cores cannot livelock.
//
// close() is the producer's "nothing more is coming": it wakes every waiter,
// and pop() then returns false once the queue is empty. So a consumer takes
// any number of items and ends whether there were none, one or many (the
// notebook's consumers took one item each and hung when outnumbering them).
// close() takes the producers' lock and publishes `closed_` after every push
// before it; a consumer reads `closed_` before the queue's size, so "closed
// and empty" is final.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/kit/doorbell.hpp"

namespace hpcp {

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(std::size_t capacity) : capacity_(capacity), ring_(capacity) {
    if (capacity == 0) throw std::invalid_argument("BlockingQueue: capacity must be at least 1");
  }
  BlockingQueue(const BlockingQueue&) = delete;
  BlockingQueue& operator=(const BlockingQueue&) = delete;

  // Blocks while the queue is full. Pushing after close() is a logic error.
  void push(T value) { push_batch(std::span<const T>(&value, 1)); }

  // Pushes every value, in order, blocking while the queue is full (the
  // values may go in several parts, between which other producers' values and
  // consumers' pops may come). `producer_spin`: how long a producer that
  // finds the queue full polls before it sleeps (zero: at once, for a
  // producer that knows its consumers are slow or share its cores).
  void push_batch(std::span<const T> values, std::chrono::nanoseconds producer_spin = spin_time) {
    while (!values.empty()) {
      values = values.subspan(put_some(values));
      if (values.empty()) break;
      not_full_.await([this] { return room_to_push() || closed_.load(std::memory_order_acquire); },
                      producer_spin);
    }
  }

  // Never blocks: false (and nothing pushed) while the queue is full. For a
  // thread that is also the queue's consumer, which must drain instead of wait.
  bool try_push(const T& value) { return put_some(std::span<const T>(&value, 1)) == 1; }

  // Never blocks: pushes the leading values that fit and returns how many.
  std::size_t try_push_batch(std::span<const T> values) { return put_some(values); }

  // Takes the oldest item, blocking while the queue is empty and open.
  // Returns false once the queue is closed and empty: no more items will come.
  bool pop(T& out) {
    return take(1, 1, true, [&](T* first, std::size_t n) {
             for (std::size_t i = 0; i < n; ++i) out = std::move(first[i]);
           }) == 1;
  }

  // Appends the oldest items to `out`, blocking while the queue is empty and
  // open: a 1/`share` part of those present (rounded up; guided
  // self-scheduling: with `share` = 2 x consumers, batches shrink as the
  // queue empties, so no consumer is left with a long tail), at most `max`,
  // at least one. Returns how many were taken; 0 means closed and empty.
  std::size_t pop_batch(std::vector<T>& out, std::size_t max, std::size_t share = 1) {
    return take(std::max<std::size_t>(max, 1), std::max<std::size_t>(share, 1), true,
                append_to(out));
  }

  // Appends every item present to `out`, blocking while the queue is empty
  // and open. Returns how many were taken; 0 means closed and empty.
  std::size_t drain_into(std::vector<T>& out) { return take(capacity_, 1, true, append_to(out)); }

  // drain_into() that never blocks: 0 when the queue is empty (open or not).
  std::size_t try_drain_into(std::vector<T>& out) {
    return take(capacity_, 1, false, append_to(out));
  }

  // No more pushes: every waiting consumer wakes, and pop() returns false
  // once the remaining items are taken.
  void close() {
    {
      std::lock_guard lock(push_.mutex);
      closed_.store(true, std::memory_order_release);
    }
    not_empty_.ring();
    not_full_.ring();
  }

  std::size_t capacity() const { return capacity_; }

  // Items in the queue now (a snapshot: other threads may change it at once).
  std::size_t size() const {
    const std::uint64_t head = pop_.count.load(std::memory_order_acquire);
    return static_cast<std::size_t>(push_.count.load(std::memory_order_acquire) - head);
  }

  // Threads asleep in a wait now, consumers and producers (for tests).
  int sleepers() const { return not_empty_.sleepers() + not_full_.sleepers(); }

 private:
  // One end of the ring: its lock and its counter (tail_ or head_), on a
  // cache line of its own.
  struct alignas(64) End {
    std::mutex mutex;
    std::atomic<std::uint64_t> count{0};
  };

  static auto append_to(std::vector<T>& out) {
    return [&out](T* first, std::size_t n) {
      out.insert(out.end(), std::make_move_iterator(first), std::make_move_iterator(first + n));
    };
  }

  bool room_to_push() const { return size() <= capacity_ / 2; }

  // Copies the leading values that fit into free slots; returns how many.
  std::size_t put_some(std::span<const T> values) {
    std::size_t n = 0;
    {
      std::lock_guard lock(push_.mutex);
      if (closed_.load(std::memory_order_relaxed))
        throw std::logic_error("BlockingQueue: push after close");
      const std::uint64_t tail = push_.count.load(std::memory_order_relaxed);  // ours
      const std::uint64_t head = pop_.count.load(std::memory_order_acquire);   // slots freed
      n = std::min(values.size(), capacity_ - static_cast<std::size_t>(tail - head));
      if (n == 0) return 0;
      const std::size_t first = static_cast<std::size_t>(tail % capacity_);
      const std::size_t part = std::min(n, capacity_ - first);
      std::copy_n(values.begin(), part, ring_.begin() + static_cast<std::ptrdiff_t>(first));
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(part), n - part, ring_.begin());
      push_.count.store(tail + n, std::memory_order_release);  // publish the slots
    }
    not_empty_.ring();
    return n;
  }

  // Waits (if `block`) for an item or the close, then hands a batch of the
  // oldest items to sink(first, n) in at most two contiguous parts. Returns
  // how many were taken: 0 when closed and empty, or empty and !block.
  template <class Sink>
  std::size_t take(std::size_t max, std::size_t share, bool block, Sink&& sink) {
    for (;;) {
      if (block)
        not_empty_.await([this] { return size() > 0 || closed_.load(std::memory_order_acquire); });
      std::size_t n = 0;
      bool room = false;
      {
        std::lock_guard lock(pop_.mutex);
        const bool closed = closed_.load(std::memory_order_acquire);            // before the size
        const std::uint64_t head = pop_.count.load(std::memory_order_relaxed);  // ours
        const std::uint64_t tail = push_.count.load(std::memory_order_acquire);
        const auto present = static_cast<std::size_t>(tail - head);
        if (present == 0) {
          if (closed || !block) return 0;
          continue;  // another consumer was first: wait again
        }
        n = std::max<std::size_t>(1, std::min(max, (present + share - 1) / share));
        const std::size_t first = static_cast<std::size_t>(head % capacity_);
        const std::size_t part = std::min(n, capacity_ - first);
        sink(ring_.data() + first, part);
        if (part < n) sink(ring_.data(), n - part);
        pop_.count.store(head + n, std::memory_order_release);  // free the slots
        room = present - n <= capacity_ / 2;
      }
      if (room) not_full_.ring();
      return n;
    }
  }

  const std::size_t capacity_;
  std::vector<T> ring_;
  std::atomic<bool> closed_{false};  // read-mostly: on the line of the constants
  End push_;                         // producers' lock; count: the tail
  End pop_;                          // consumers' lock; count: the head
  alignas(64) Doorbell not_empty_;   // rung by producers, awaited by consumers
  alignas(64) Doorbell not_full_;    // rung by consumers, awaited by producers
};

}  // namespace hpcp
