// One direction of a multiprocessing.Pipe between threads: a one-slot channel,
// one sender and one receiver. send() waits while the slot is full, recv()
// while it is empty; both spin briefly, then park (hpcp::Doorbell: a busy
// channel never enters the kernel, an idle one does not burn a core).
//
// Two protocols, as MPI libraries have for shared memory:
// - eager, up to `eager_bytes`: the sender copies the message into the slot
//   and returns; the receiver copies it out (two copies, no waiting for the
//   receiver: what a pipe's buffer gives multiprocessing.Pipe.send);
// - rendezvous, above: the sender publishes where its message is and waits
//   until the receiver has copied it straight from the sender's buffer (one
//   copy, the least a message between two threads' buffers costs).
// The slot's state, size, source address and doorbell share one cache line,
// so a hand-off moves that line and the payload, nothing else.
// Self-contained, so the pipe example's kernels do not see the protocol.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/examples/pipe/pingpong.hpp"  // Buffer: page-aligned message storage
#include "common/kit/doorbell.hpp"

namespace hpcp::omp::pipe {

class Channel {
 public:
  // Messages up to this size are copied through the slot (OSU's small sizes
  // and the notebook's value); larger ones go in one copy.
  static constexpr std::size_t eager_bytes = 8192;

  explicit Channel(std::size_t capacity)
      : slot_(std::min(capacity, eager_bytes)), capacity_(capacity) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // bytes <= capacity; an oversized message arrives short, and is caught.
  // Above eager_bytes, returns once the receiver has the message.
  void send(const std::byte* data, std::size_t bytes) {
    line_.bell.await([this] { return line_.state.load(std::memory_order_acquire) == empty; });
    const std::size_t n = std::min(bytes, capacity_);
    line_.bytes = n;
    if (n <= eager_bytes) {
      std::memcpy(slot_.data(), data, n);
      publish(eager);
    } else {
      line_.source = data;
      publish(rendezvous);
      // The receiver is copying n bytes: spin for as long as that may take
      // (at 1 GB/s or faster) before parking, so a busy channel stays out of
      // the kernel for large messages too (a parked sender's wake-up cost
      // 30 % of the bandwidth at 4 MiB).
      line_.bell.await([this] { return line_.state.load(std::memory_order_acquire) == empty; },
                       spin_time + std::chrono::nanoseconds(n));
    }
  }

  std::size_t recv(std::byte* out) {  // out holds capacity bytes
    std::uint32_t state = empty;
    line_.bell.await(
        [&] { return (state = line_.state.load(std::memory_order_acquire)) != empty; });
    const std::size_t n = line_.bytes;
    std::memcpy(out, state == eager ? slot_.data() : line_.source, n);
    publish(empty);
    return n;
  }

 private:
  static constexpr std::uint32_t empty = 0, eager = 1, rendezvous = 2;

  void publish(std::uint32_t state) {
    line_.state.store(state, std::memory_order_release);
    line_.bell.ring();
  }

  // Written by both ends in turn; the state's release/acquire orders the rest.
  struct alignas(64) Line {
    std::atomic<std::uint32_t> state{empty};
    std::size_t bytes = 0;
    const std::byte* source = nullptr;  // rendezvous: the sender's message
    Doorbell bell;
  };
  Line line_;
  hpcp::pipe::Buffer slot_;  // eager messages, on pages of their own
  std::size_t capacity_;
};

// multiprocessing.Pipe() is duplex: one channel each way.
struct Pipe {
  explicit Pipe(std::size_t capacity) : to_consumer(capacity), to_producer(capacity) {}
  Channel to_consumer, to_producer;
};

}  // namespace hpcp::omp::pipe
