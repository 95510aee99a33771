// pipe, OpenMP — notebook cell "Using multiprocessing.Pipe".
//
// Pattern: two endpoints; the producer sends a random value in 1..10, the
// consumer receives and prints it. Constructs: `omp parallel num_threads(2)`
// (thread 0 produces, thread 1 consumes, whatever OMP_NUM_THREADS says), a
// one-slot channel per direction on one atomic state word (a blocked end spins
// some microseconds, then parks on a futex; openmp/pipe_channel.hpp).
// --mode pingpong and --mode bw (openmp/pipe_pingpong.cpp) add `omp barrier`
// between the sizes and `omp critical` to merge counts; bw posts a window of
// 64 messages into a ring (openmp/pipe_channel.hpp) before one ack comes back.
// Expected: "Value [v] sent by PID [p] (thread 0)" and "Value [v] received by
// PID [p] (thread 1)": threads share one PID, so the thread number tells the
// ends apart. --mode pingpong times round trips of 1 B to 4 MiB through the
// slot, --mode bw windows of 64 messages through the ring (OSU's tables).
// Not ported: nothing; the cell is correct (one send, one receive).
#include "openmp/pipe.hpp"

#include <unistd.h>

#include "common/core/driver.hpp"
#include "common/core/rng.hpp"

namespace hpcp::omp::pipe {

using namespace hpcp::pipe;

void refuse_team(int team) {
  throw UsageError("the pipe needs two OpenMP threads (its two ends); the runtime gave " +
                   std::to_string(team) + " (OMP_THREAD_LIMIT?)");
}

Output send_one(std::uint64_t value, const Tracer& tracer) {
  Output out;
  out.team = 2;
  Delivery d;
  Pipe pipe(sizeof value);
  on_two_threads([&](int me) {
    const ItemScope item(tracer, me == 0 ? 0 : 1);
    if (me == 0) {  // producer_task
      d.sent = value;
      pipe.to_consumer.send(reinterpret_cast<const std::byte*>(&value), sizeof value);
      d.sender = me;
      d.sender_pid = ::getpid();
    } else {  // consumer_task
      pipe.to_consumer.recv(reinterpret_cast<std::byte*>(&d.received));
      d.receiver = me;
      d.receiver_pid = ::getpid();
    }
  });
  out.deliveries.push_back(d);
  return out;
}

struct Example : Spec {
  static constexpr std::string_view summary =
      "pipe (OpenMP): the notebook's multiprocessing.Pipe as one-slot channels between two "
      "threads; --mode pingpong and --mode bw measure latency and bandwidth through them, as "
      "osu_latency and osu_bw";

  Input make_input(const Context& ctx) const {
    return {options.mode, uniform_values(1, value_lo, value_hi, ctx.options.seed), options.plan()};
  }
  Output parallel(const Input& in, const Context& ctx) const {
    switch (in.mode) {
      case PipeMode::pingpong:
        return ping_pong(in.plan);
      case PipeMode::bw:
        return bandwidth(in.plan);
      case PipeMode::notebook:
        break;
    }
    return send_one(in.values.at(0), ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    report.threads = run.parallel.team;
    add_metrics(report, run.input, run.parallel,
                run.input.mode == PipeMode::bw
                    ? "an OpenMP ring of 64 posted messages, threads 0 -> 1, acks back"
                    : "an OpenMP one-slot channel, threads 0 <-> 1");
    report.notes.push_back(
        "the pipe's two ends are threads 0 and 1 of one process (one PID); "
        "OMP_NUM_THREADS and --threads do not change that");
    report.notes.push_back(
        time_note(run.input.mode, "one thread copying the same messages without a hand-off"));
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::pipe::print_notebook(os, run.input, run.parallel, "thread");
  }
};

}  // namespace hpcp::omp::pipe

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::pipe::Example>(argc, argv);
}
