// result_queue, OpenMP — notebook cell "multiprocessing.Queue".
//
// Pattern: workers put n*n for n = 1..N into a queue that the main program
// drains. Constructs: one `omp parallel` team; `omp for schedule(dynamic)
// nowait` deals the items in chunks of at most --batch values (fewer for a
// small N, so that every thread gets several chunks); a thread computes a
// chunk into its own buffer and puts it into a bounded BlockingQueue
// (common/kit/blocking_queue.hpp: a ring with one lock per end) with one
// push_batch, as mpi_result_queue sends one message per --batch values;
// `omp atomic capture` counts finished producers and the last one closes the
// queue. Thread 0 is the main program: its own values go straight into the
// arrivals (as rank 0's do under MPI), and after each of its chunks it takes
// whatever the others have put (try_drain_into, never waits); after its share
// it drains until the queue is closed and empty. A thread that waits (a
// producer on a full queue until it is half empty, thread 0 on an empty one)
// spins for up to 20 us, then sleeps on a futex (common/kit/doorbell.hpp).
// Expected: 1 4 9 16, one per line; values reported in arrival order and
// verified as a multiset.
// Not ported: the notebook joins the worker before draining, which deadlocks
// once the results outgrow the pipe buffer; here the queue is drained while
// the workers run, so any N fits in a queue of --capacity values.
#include "openmp/result_queue.hpp"

#include <omp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/core/driver.hpp"
#include "common/kit/blocking_queue.hpp"

namespace hpcp::omp::result_queue {

using hpcp::result_queue::item;
using hpcp::result_queue::Output;

namespace {
struct alignas(64) Count {  // one cache line per thread
  std::uint64_t items = 0;
};
}  // namespace

Output push_drain(std::uint64_t n, std::uint64_t work, std::size_t capacity, std::size_t batch,
                  const Tracer& tracer) {
  BlockingQueue<std::uint64_t> queue(capacity);
  Output out;
  out.arrivals.reserve(n);
  std::vector<Count> counts(static_cast<std::size_t>(omp_get_max_threads()));
  int team = 1, finished = 0;
#pragma omp parallel
  {
    const int t = omp_get_thread_num();
    const bool main_thread = t == 0;
    const auto threads = static_cast<std::uint64_t>(omp_get_num_threads());
#pragma omp single nowait
    team = omp_get_num_threads();
    // Chunks of at most `batch` items, at least 8 per thread when N allows:
    // heavy items keep the dynamic schedule's balance.
    // Traced or paced: chunks of one, so the items interleave across the team.
    const std::uint64_t chunk =
        tracer.on()
            ? 1
            : std::clamp<std::uint64_t>(n / (8 * threads), 1, static_cast<std::uint64_t>(batch));
    const auto result = [&](std::uint64_t k) {
      const ItemScope traced(tracer, k - 1);
      return item(k, work);
    };
    const std::uint64_t chunks = (n + chunk - 1) / chunk;
    std::vector<std::uint64_t> buffer;
    buffer.reserve(static_cast<std::size_t>(chunk));
    std::uint64_t mine = 0;
#pragma omp for schedule(dynamic) nowait
    for (std::uint64_t c = 0; c < chunks; ++c) {
      const std::uint64_t first = c * chunk + 1, last = std::min(n, first + chunk - 1);
      if (main_thread) {  // the main program's own puts, then what the others put meanwhile
        for (std::uint64_t k = first; k <= last; ++k) out.arrivals.push_back(result(k));
        queue.try_drain_into(out.arrivals);
      } else {
        buffer.clear();
        for (std::uint64_t k = first; k <= last; ++k) buffer.push_back(result(k));
        queue.push_batch(buffer);  // waits while the queue is full
      }
      mine += last - first + 1;
    }
    counts[static_cast<std::size_t>(t)].items = mine;
    int done = 0;
#pragma omp atomic capture acq_rel
    done = ++finished;
    if (done == omp_get_num_threads()) queue.close();  // the last producer: nothing more comes
    if (main_thread)
      while (queue.drain_into(out.arrivals) > 0) {
      }
  }
  for (int t = 0; t < team; ++t)
    out.per_worker.push_back(counts[static_cast<std::size_t>(t)].items);
  return out;
}

struct Example : hpcp::result_queue::Spec {
  static constexpr std::string_view summary =
      "result_queue (OpenMP): the threads put n*n into a shared blocking queue that the main "
      "thread drains while they run";
  std::size_t capacity = default_capacity, batch = default_batch;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_integer_flag(app, "--capacity", capacity, 1, 1 << 24,
                     "values the queue holds before producers wait (default " +
                         std::to_string(default_capacity) + ")",
                     "C");
    add_integer_flag(app, "--batch", batch, 1, 1000000,
                     "values per put, at most (default " + std::to_string(default_batch) +
                         "; 1: one put() per value, as in the notebook)",
                     "B");
  }
  Json params() const { return merged(Spec::params(), {{"capacity", capacity}, {"batch", batch}}); }
  Output parallel(const Input& in, const Context& ctx) const {
    return push_drain(in, work, capacity, batch, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    hpcp::result_queue::describe(report, run.parallel, "items_per_thread");
  }
};

}  // namespace hpcp::omp::result_queue

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::result_queue::Example>(argc, argv);
}
