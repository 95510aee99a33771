// A bounded blocking FIFO for threads: the C++ form of Python's queue.Queue
// with the threading.Condition the notebook wraps around it. One mutex guards
// a ring buffer; consumers sleep on `not_empty_` while it is empty and open,
// producers sleep on `not_full_` while it is full. Nobody spins.
//
// close() is the producer's "nothing more is coming": it wakes every waiter,
// and pop() then returns false once the queue is empty. So a consumer takes
// any number of items and ends whether there were none, one or many (the
// notebook's consumers took one item each and hung when outnumbering them).
//
// Wake-ups are never lost: a waiter registers (counter + wait) under the
// mutex, and whoever changes the state reads the counter under the same
// mutex before notifying. Notifying after unlocking spares the woken thread
// an immediate block on the mutex. Producers are woken only when the queue has
// drained to half its capacity, so a fast producer and a slow consumer do not
// trade one wake-up per item.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace hpcp {

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(std::size_t capacity) : ring_(capacity) {
    if (capacity == 0) throw std::invalid_argument("BlockingQueue: capacity must be at least 1");
  }
  BlockingQueue(const BlockingQueue&) = delete;
  BlockingQueue& operator=(const BlockingQueue&) = delete;

  // Blocks while the queue is full. Pushing after close() is a logic error.
  void push(T value) {
    std::unique_lock lock(mutex_);
    while (size_ == ring_.size() && !closed_) {
      ++producers_waiting_;
      not_full_.wait(lock);
      --producers_waiting_;
    }
    if (closed_) throw std::logic_error("BlockingQueue: push after close");
    ring_[(head_ + size_) % ring_.size()] = std::move(value);
    ++size_;
    const bool wake = consumers_waiting_ > 0;
    lock.unlock();
    if (wake) not_empty_.notify_one();
  }

  // Never blocks: false (and nothing pushed) while the queue is full. For a
  // thread that is also the queue's consumer, which must drain instead of wait.
  bool try_push(const T& value) {
    std::unique_lock lock(mutex_);
    if (closed_) throw std::logic_error("BlockingQueue: push after close");
    if (size_ == ring_.size()) return false;
    ring_[(head_ + size_) % ring_.size()] = value;
    ++size_;
    const bool wake = consumers_waiting_ > 0;
    lock.unlock();
    if (wake) not_empty_.notify_one();
    return true;
  }

  // Takes the oldest item, blocking while the queue is empty and open.
  // Returns false once the queue is closed and empty: no more items will come.
  bool pop(T& out) {
    std::unique_lock lock(mutex_);
    wait_for_item(lock);
    if (size_ == 0) return false;
    out = std::move(ring_[head_]);
    head_ = (head_ + 1) % ring_.size();
    --size_;
    const bool wake = producers_waiting_ > 0 && size_ <= ring_.size() / 2;
    lock.unlock();
    if (wake) not_full_.notify_one();
    return true;
  }

  // Appends every item present to `out`, blocking while the queue is empty
  // and open. Returns how many were taken; 0 means closed and empty.
  std::size_t drain_into(std::vector<T>& out) {
    std::unique_lock lock(mutex_);
    wait_for_item(lock);
    const std::size_t taken = size_;
    for (; size_ > 0; --size_) {
      out.push_back(std::move(ring_[head_]));
      head_ = (head_ + 1) % ring_.size();
    }
    const bool wake = producers_waiting_ > 0 && taken > 0;
    lock.unlock();
    if (wake) not_full_.notify_all();  // the whole ring is free again
    return taken;
  }

  // No more pushes: every waiting consumer wakes, and pop() returns false
  // once the remaining items are taken.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  std::size_t capacity() const { return ring_.size(); }

 private:
  void wait_for_item(std::unique_lock<std::mutex>& lock) {
    while (size_ == 0 && !closed_) {
      ++consumers_waiting_;
      not_empty_.wait(lock);
      --consumers_waiting_;
    }
  }

  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::vector<T> ring_;
  std::size_t head_ = 0, size_ = 0;
  int consumers_waiting_ = 0, producers_waiting_ = 0;
  bool closed_ = false;
};

}  // namespace hpcp
