// pipe --mode pingpong and --mode bw, OpenMP: the benchmark kernels (the
// notebook cell and the Example are in openmp/pipe.cpp). Ping-pong: thread 0
// pings, thread 1 pongs through the pipe's one-slot channels. Bandwidth:
// thread 0 posts a window of 64 messages into a Ring (all from one buffer, as
// osu_bw), thread 1 takes them and acks through a one-slot channel. `omp barrier` starts each size
// together and `omp critical` merges the two ends' counts. Each end owns its buffers, first touched
// by its thread; the timed loop holds the hand-off and the payload check (pingpong.hpp) only.
#include "openmp/pipe.hpp"

#include <cstring>
#include <vector>

#include "common/core/timing.hpp"

namespace hpcp::omp::pipe {

using namespace hpcp::pipe;

Output ping_pong(const Plan& plan) {
  Output out;
  out.team = 2;
  out.sweep.resize(plan.sizes.size());
  const std::size_t cap = plan.max_bytes();
  Pipe pipe(cap);
  on_two_threads([&](int me) {
    const bool ping = me == 0;
    Channel& tx = ping ? pipe.to_consumer : pipe.to_producer;
    Channel& rx = ping ? pipe.to_producer : pipe.to_consumer;
    Buffer send(cap), recv(cap);  // each end's own, first touched by its thread
    for (std::size_t s = 0; s < plan.sizes.size(); ++s) {
      const std::size_t bytes = plan.sizes[s];
      const std::uint64_t warmup = plan.warmup_for(bytes),
                          total = warmup + plan.iterations_for(bytes);
      prepare_buffers(send.data(), recv.data(), bytes);
      std::uint64_t delivered = 0, corrupt = 0;
#pragma omp barrier
      Stopwatch sw;
      for (std::uint64_t i = 0; i < total; ++i) {
        if (i == warmup) sw.restart();
        if (ping) {
          write_message(send.data(), bytes, i, plan.check);
          tx.send(send.data(), bytes);
          delivered += rx.recv(recv.data()) == bytes;
          corrupt += !check_message(recv.data(), bytes, i, plan.check);
        } else {
          delivered += rx.recv(recv.data()) == bytes;
          corrupt += !check_message(recv.data(), bytes, i, plan.check);
          write_message(send.data(), bytes, i, plan.check);
          tx.send(send.data(), bytes);
        }
      }
      const double seconds = sw.seconds();
      corrupt += wrong_words(recv.data(), bytes, total - 1, plan.check) != 0;
      SizeResult& r = out.sweep[s];
#pragma omp critical(hpcp_pipe_sweep)
      {
        r.delivered += delivered;
        r.corrupt += corrupt;
        if (ping) {
          r.bytes = bytes;
          r.iterations = total - warmup;
          r.warmup = warmup;
          r.seconds = seconds;
        }
      }
    }
  });
  return out;
}

Output bandwidth(const Plan& plan) {
  Output out;
  out.team = 2;
  out.sweep.resize(plan.sizes.size());
  const std::size_t cap = plan.max_bytes(), w = plan.window;
  Ring ring;                // the window, thread 0 -> 1
  Channel acks(ack_bytes);  // the acks, thread 1 -> 0
  on_two_threads([&](int me) {
    const bool sender = me == 0;
    // One buffer each, as osu_bw: the window's messages all leave the sender's
    // (untouched until the ack), and the receiver checks each as it takes it.
    Buffer send(sender ? cap : 0), recv(sender ? 0 : cap);
    std::byte ack[ack_bytes] = {};
    for (std::size_t s = 0; s < plan.sizes.size(); ++s) {
      const std::size_t bytes = plan.sizes[s];
      const std::uint64_t warmup = plan.warmup_for(bytes),
                          total = warmup + plan.iterations_for(bytes);
      if (sender) fill_words(send.data(), bytes, pattern_base(bytes, body_iteration));
      if (!sender) std::memset(recv.data(), 0xA5, bytes);  // a poison no message carries
      std::uint64_t delivered = 0, corrupt = 0;
#pragma omp barrier
      Stopwatch sw;
      for (std::uint64_t i = 0; i < total; ++i) {
        if (i == warmup) sw.restart();
        if (sender) {
          write_message(send.data(), bytes, i, plan.check);
          for (std::size_t j = 0; j < w; ++j) ring.post(send.data(), bytes);
          acks.recv(ack);
        } else {
          for (std::size_t j = 0; j < w; ++j) {
            delivered += ring.take(recv.data()) == bytes;
            corrupt += !check_message(recv.data(), bytes, i, plan.check);
          }
          acks.send(ack, ack_bytes);
        }
      }
      const double seconds = sw.seconds();
      if (!sender && w > 0) corrupt += wrong_words(recv.data(), bytes, total - 1, plan.check) != 0;
      SizeResult& r = out.sweep[s];
#pragma omp critical(hpcp_pipe_sweep)
      {
        r.delivered += delivered;
        r.corrupt += corrupt;
        if (sender) {
          r.bytes = bytes;
          r.iterations = total - warmup;
          r.warmup = warmup;
          r.seconds = seconds;
          r.window = w;
        }
      }
    }
  });
  return out;
}

}  // namespace hpcp::omp::pipe
