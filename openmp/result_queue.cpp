// result_queue, OpenMP — notebook cell "multiprocessing.Queue".
//
// Pattern: workers put n*n for n = 1..N into a queue that the main program
// drains. Constructs: one `omp parallel` team; `omp for schedule(dynamic)
// nowait` deals the items; a bounded BlockingQueue (std::mutex + condition
// variables, common/kit/blocking_queue.hpp) carries the values; `omp atomic
// capture` counts finished producers and the last one closes the queue.
// Thread 0 is the main program: it produces too, and drains the whole queue
// in one go whenever its own put finds it full (try_push), then after its
// share, blocking until the queue is closed and empty. Producers that find
// the queue full sleep on a condition variable; nobody spins.
// Expected: 1 4 9 16, one per line; values reported in arrival order and
// verified as a multiset.
// Not ported: the notebook joins the worker before draining, which deadlocks
// once the results outgrow the pipe buffer; here the queue is drained while
// the workers run, so any N fits in a queue of --capacity values.
#include "openmp/result_queue.hpp"

#include <omp.h>

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

Output push_drain(std::uint64_t n, std::uint64_t work, std::size_t capacity) {
  BlockingQueue<std::uint64_t> queue(capacity);
  Output out;
  out.arrivals.reserve(n);
  std::vector<Count> counts(static_cast<std::size_t>(omp_get_max_threads()));
  int team = 1, finished = 0;
#pragma omp parallel
  {
    const int t = omp_get_thread_num();
    const bool main_thread = t == 0;
#pragma omp single nowait
    team = omp_get_num_threads();
    std::uint64_t mine = 0;
#pragma omp for schedule(dynamic) nowait
    for (std::uint64_t k = 1; k <= n; ++k) {
      const std::uint64_t value = item(k, work);
      if (main_thread) {
        while (!queue.try_push(value)) queue.drain_into(out.arrivals);
      } else {
        queue.push(value);
      }
      ++mine;
    }
    counts[static_cast<std::size_t>(t)].items = mine;
    int done = 0;
#pragma omp atomic capture
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
  std::size_t capacity = 1024;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_integer_flag(app, "--capacity", capacity, 1, 1 << 24,
                     "values the queue holds before producers wait (default 1024)", "C");
  }
  Json params() const { return merged(Spec::params(), {{"capacity", capacity}}); }
  Output parallel(const Input& in, const Context&) const { return push_drain(in, work, capacity); }
  void describe(Report& report, const Run& run) const {
    hpcp::result_queue::describe(report, run.parallel, "items_per_thread");
  }
};

}  // namespace hpcp::omp::result_queue

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::result_queue::Example>(argc, argv);
}
