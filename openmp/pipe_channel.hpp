// One direction of a multiprocessing.Pipe between threads: a one-slot channel.
// send() blocks while the slot is full, recv() while it is empty; both sleep
// on a condition variable (never spin) and copy the payload under the lock.
// Self-contained, so that the channel can change (a faster hand-off, say)
// without touching the pipe example's kernels.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <mutex>

#include "common/examples/pipe/pingpong.hpp"  // Buffer: page-aligned message storage

namespace hpcp::omp::pipe {

class Channel {
 public:
  explicit Channel(std::size_t capacity) : slot_(capacity), capacity_(capacity) {}

  void send(const std::byte* data, std::size_t bytes) {  // bytes <= capacity
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return !full_; });
      bytes_ = std::min(bytes, capacity_);  // an oversized message arrives short, and is caught
      std::memcpy(slot_.data(), data, bytes_);
      full_ = true;
    }
    changed_.notify_one();  // after unlocking, so the woken end does not block on the mutex
  }

  std::size_t recv(std::byte* out) {  // out holds capacity bytes
    std::size_t bytes = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return full_; });
      bytes = bytes_;
      std::memcpy(out, slot_.data(), bytes);
      full_ = false;
    }
    changed_.notify_one();
    return bytes;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool full_ = false;
  std::size_t bytes_ = 0;
  hpcp::pipe::Buffer slot_;
  std::size_t capacity_;
};

// multiprocessing.Pipe() is duplex: one channel each way.
struct Pipe {
  explicit Pipe(std::size_t capacity) : to_consumer(capacity), to_producer(capacity) {}
  Channel to_consumer, to_producer;
};

}  // namespace hpcp::omp::pipe
