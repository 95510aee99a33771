#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "common/examples/pipe/spec.hpp"

namespace hpcp::omp::pipe {

// One direction of a multiprocessing.Pipe between threads: a one-slot channel.
// send() blocks while the slot is full, recv() while it is empty; both sleep
// on a condition variable (never spin) and copy the payload under the lock.
class Channel {
 public:
  explicit Channel(std::size_t capacity) : slot_(capacity), capacity_(capacity) {}
  void send(const std::byte* data, std::size_t bytes);  // bytes <= capacity
  std::size_t recv(std::byte* out);                     // out holds capacity bytes

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

// The notebook cell: thread 0 sends `value` through a Pipe, thread 1 receives it.
hpcp::pipe::Output send_one(std::uint64_t value);

// The sweep: thread 0 pings, thread 1 pongs, through a Pipe (memcpy into the slot).
hpcp::pipe::Output ping_pong(const hpcp::pipe::Plan& plan);

}  // namespace hpcp::omp::pipe
