#pragma once
#include <omp.h>

#include <cstdint>

#include "common/core/trace.hpp"
#include "common/examples/pipe/spec.hpp"
#include "openmp/pipe_channel.hpp"

namespace hpcp::omp::pipe {

// The notebook cell (openmp/pipe.cpp): thread 0 sends `value` through a Pipe,
// thread 1 receives it.
// A `tracer` that is on sees the send (item 0, the producer thread) and the
// receive (item 1, the consumer thread).
hpcp::pipe::Output send_one(std::uint64_t value, const Tracer& tracer = Tracer{});

// The sweep (openmp/pipe_pingpong.cpp): thread 0 pings, thread 1 pongs,
// through a Pipe (memcpy into the slot).
hpcp::pipe::Output ping_pong(const hpcp::pipe::Plan& plan);

// The windowed sweep (openmp/pipe_pingpong.cpp), as osu_bw: per iteration
// thread 0 posts plan.window messages into a Ring, thread 1 takes them and
// answers with one ack through a Channel.
hpcp::pipe::Output bandwidth(const hpcp::pipe::Plan& plan);

// Throws the usage error for a team that is not the pipe's two ends.
void refuse_team(int team);

// body(thread) on a team of exactly two threads. A blocking pipe cannot run
// on one thread, so a smaller team (OMP_THREAD_LIMIT=1, nesting) is refused.
template <class Body>
void on_two_threads(Body&& body) {
  int team = 0;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    team = omp_get_num_threads();
    if (team == 2) body(omp_get_thread_num());
  }
  if (team != 2) refuse_team(team);
}

}  // namespace hpcp::omp::pipe
