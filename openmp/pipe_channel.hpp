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
#include <array>
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

// --mode bw's window, one sender and one receiver. osu_bw posts 64 MPI_Isend
// back to back without waiting for any; between threads the same thing is a
// ring of 64 posted messages: post() records where the sender's message is and
// returns at once (the buffer, like an MPI_Isend's, stays untouched until the
// receiver has taken it), take() waits for the next message and copies it
// straight out of the sender's buffer (one copy, as the channel's rendezvous).
// The sender learns that its window was taken from the receiver's ack, as in
// osu_bw. Not the channel's eager path: that copies every message twice and
// still lets one message, not 64, be in flight. The posting counter and the
// taking counter live on cache lines of their own, each with its doorbell.
class Ring {
 public:
  static constexpr std::size_t slots = 64;

  void post(const std::byte* data, std::size_t bytes) {
    const std::uint64_t n = posted_.count.load(std::memory_order_relaxed);  // this thread's
    taken_.bell.await(
        [&] { return n - taken_.count.load(std::memory_order_acquire) < slots; });  // never full
    entries_[n % slots] = {data, bytes};
    posted_.count.store(n + 1, std::memory_order_release);
    posted_.bell.ring();
  }

  // out holds the largest message; returns the size taken.
  std::size_t take(std::byte* out) {
    const std::uint64_t n = taken_.count.load(std::memory_order_relaxed);  // this thread's
    posted_.bell.await([&] { return posted_.count.load(std::memory_order_acquire) > n; });
    const Entry e = entries_[n % slots];
    std::memcpy(out, e.data, e.bytes);
    taken_.count.store(n + 1, std::memory_order_release);
    taken_.bell.ring();
    return e.bytes;
  }

 private:
  struct Entry {
    const std::byte* data = nullptr;
    std::size_t bytes = 0;
  };
  struct alignas(64) Counter {
    std::atomic<std::uint64_t> count{0};
    Doorbell bell;
  };
  Counter posted_, taken_;
  std::array<Entry, slots> entries_{};  // slot n % slots: written before posted_ passes n
};

// multiprocessing.Pipe() is duplex: one channel each way.
struct Pipe {
  explicit Pipe(std::size_t capacity) : to_consumer(capacity), to_producer(capacity) {}
  Channel to_consumer, to_producer;
};

}  // namespace hpcp::omp::pipe
