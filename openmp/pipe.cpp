// pipe, OpenMP — notebook cell "Using multiprocessing.Pipe".
//
// Pattern: two endpoints; the producer sends a random value in 1..10, the
// consumer receives and prints it. Constructs: `omp parallel num_threads(2)`
// (thread 0 produces, thread 1 consumes, whatever OMP_NUM_THREADS says), a
// one-slot channel per direction guarded by a std::mutex and a
// std::condition_variable (a blocked end sleeps, never spins), `omp barrier`
// between the sizes of the ping-pong and `omp critical` to merge counts.
// Expected: "Value [v] sent by PID [p] (thread 0)" and "Value [v] received by
// PID [p] (thread 1)": threads share one PID, so the thread number tells the
// ends apart. --mode pingpong times round trips of 1 B to 4 MiB through the slot.
// Not ported: nothing; the cell is correct (one send, one receive).
#include "openmp/pipe.hpp"

#include <omp.h>
#include <unistd.h>

#include "common/core/driver.hpp"
#include "common/core/rng.hpp"
#include "common/core/timing.hpp"

namespace hpcp::omp::pipe {

using namespace hpcp::pipe;

void Channel::send(const std::byte* data, std::size_t bytes) {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !full_; });
    bytes_ = std::min(bytes, capacity_);  // an oversized message arrives short, and is caught
    std::memcpy(slot_.data(), data, bytes_);
    full_ = true;
  }
  changed_.notify_one();  // after unlocking, so the woken end does not block on the mutex
}

std::size_t Channel::recv(std::byte* out) {
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

namespace {
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
  if (team != 2)
    throw UsageError("the pipe needs two OpenMP threads (its two ends); the runtime gave " +
                     std::to_string(team) + " (OMP_THREAD_LIMIT?)");
}
}  // namespace

Output send_one(std::uint64_t value) {
  Output out;
  out.team = 2;
  Delivery d;
  Pipe pipe(sizeof value);
  on_two_threads([&](int me) {
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
      const std::uint64_t warmup = plan.warmup_for(bytes), total = warmup + plan.iterations_for(bytes);
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

struct Example {
  static constexpr std::string_view name = "pipe";
  static constexpr std::string_view summary =
      "pipe (OpenMP): the notebook's multiprocessing.Pipe as one-slot channels between two "
      "threads; --mode pingpong measures latency and bandwidth through them";
  using Input = hpcp::pipe::Input;
  using Output = hpcp::pipe::Output;
  using Run = hpcp::Run<Input, Output>;

  hpcp::pipe::Options options;

  void add_flags(CLI::App& app) { options.add_flags(app); }
  std::optional<std::string> validate(const CommonOptions&) const { return options.validate(); }
  Json params() const { return options.params(); }
  Input make_input(const Context& ctx) const {
    return {options.mode, uniform_values(1, value_lo, value_hi, ctx.options.seed), options.plan()};
  }
  Output serial(const Input& in) const { return hpcp::pipe::serial(in); }
  Output parallel(const Input& in, const Context&) const {
    switch (in.mode) {
      case PipeMode::notebook: return send_one(in.values.at(0));
      case PipeMode::pingpong: return ping_pong(in.plan);
    }
    return {};
  }
  void verify(const Run& run, Verdict& v) const {
    hpcp::pipe::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.input, run.parallel); }
  void describe(Report& report, const Run& run) const {
    report.threads = run.parallel.team;
    add_metrics(report, run.parallel);
    report.notes.push_back("the pipe's two ends are threads 0 and 1 of one process (one PID); "
                           "OMP_NUM_THREADS and --threads do not change that");
    if (run.input.mode == PipeMode::pingpong)
      report.notes.push_back("latency = round trip / 2 (OSU); the serial baseline is one thread "
                             "copying the same messages without a hand-off, so speedup < 1 is expected");
    else
      report.notes.push_back("one 8-byte message: the time is the hand-off's, there is nothing to speed up");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::pipe::print_notebook(os, run.input, run.parallel, "thread",
                               "an OpenMP one-slot channel, threads 0 <-> 1");
  }
};

}  // namespace hpcp::omp::pipe

int hpcp_main(int argc, char** argv) { return hpcp::omp::run<hpcp::omp::pipe::Example>(argc, argv); }
