// fibonacci_condition, OpenMP — notebook cell "Threading: Fibonacci Example".
//
// Pattern: one producer fills a queue and signals a condition; consumers wait
// until work arrives or the producer says nothing more is coming, and compute
// F(v) into a shared dictionary. Constructs:
// --mode threads: `omp parallel num_threads(consumers + 1)`, thread 0 the
// producer, the others consumers of a BlockingQueue (common/kit/
// blocking_queue.hpp: a bounded ring with one lock per end; a waiter spins
// for up to 20 us, then sleeps on a futex: threading.Condition's wait; close()
// is notifyAll with "no more"). The producer pushes the values in batches as
// the ring has room; each consumer takes a batch per lock acquisition (a
// 1/(2 x consumers) share of what is queued, at most `max_batch`: guided
// self-scheduling, so batches shrink to single items as the queue empties),
// computes F(v) for each value outside any lock, then enters
// `omp critical(fibo_dict)` once for the whole batch (openmp/dict_batch.hpp:
// a key once per batch, through a remembered iterator). --mode tasks: `omp
// single` creates one `omp task` per value, the team runs them from the
// implicit barrier; `omp critical(fibo_dict)` per value.
// Expected: [MainThread] - Result: {3: 2, 10: 55, 5: 5, 7: 13}.
// Not ported: the notebook's consumer takes one item and returns, so a fifth
// consumer (or a missing value) waits for ever; ours loop until closed-and-empty,
// so zero items, one item and more consumers than items all terminate.
#include "openmp/fibonacci_condition.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "common/core/driver.hpp"
#include "common/kit/blocking_queue.hpp"
#include "openmp/dict_batch.hpp"

namespace hpcp::omp::fibonacci_condition {

using hpcp::fib_dict::Output;
using hpcp::fibonacci_condition::queue_capacity;
using Run = hpcp::fibonacci_condition::Spec::Run;

namespace {
// Values a consumer takes per lock acquisition, at most: enough to make the
// lock's cost per item negligible, few enough that a batch of heavy items
// does not leave the other consumers idle at the end.
constexpr std::size_t max_batch = 256;

// fibonacci_task's body for one value: F(v) outside the lock, then fibo_dict[v] = F(v).
inline void consume(std::uint64_t v, Output& out, std::vector<std::uint64_t>& log) {
  BigUInt f = fib(v);
#pragma omp critical(fibo_dict)
  out.dict.insert_or_assign(v, std::move(f));
  log.push_back(v);
}

Output collect(Output out, std::vector<fib_dict::WorkerLog>& logs) {
  for (auto& l : logs) out.consumed.push_back(std::move(l.values));
  return out;
}
}  // namespace

Output threads_kernel(const std::vector<std::uint64_t>& values, int consumers,
                      const Tracer& tracer) {
  if (consumers < 1) throw std::invalid_argument("threads_kernel: consumers must be at least 1");
  BlockingQueue<std::uint64_t> queue(queue_capacity(values.size()));
  // The producer refills half the ring in a few microseconds, and the
  // consumers take far longer to empty it: once it finds the ring full, it
  // sleeps at once rather than spin on a core that a consumer could use.
  const std::chrono::nanoseconds producer_spin{0};
  // Traced: the queue carries positions, so that each item keeps its id.
  std::vector<std::uint64_t> positions;
  if (tracer.on())
    for (std::uint64_t i = 0; i < values.size(); ++i) positions.push_back(i);
  const std::vector<std::uint64_t>& sent = tracer.on() ? positions : values;
  Output out;
  std::vector<fib_dict::WorkerLog> logs(static_cast<std::size_t>(consumers));
#pragma omp parallel num_threads(consumers + 1)
  {
    const int me = omp_get_thread_num(), team = omp_get_num_threads();
    if (me == 0) {
      out.team = team;
      if (team == 1) {  // no consumer thread: produce and consume in turn
        for (std::size_t i = 0; i < values.size(); ++i) {
          const ItemScope item(tracer, i);
          consume(values[i], out, logs[0].values);
        }
      } else {  // queue_task: as much as the ring holds, then sleeps until it is half empty
        queue.push_batch(sent, producer_spin);
        queue.close();  // notifyAll: nothing more is coming
      }
    } else {  // fibonacci_task: any number of items, until closed and empty
      auto& mine = logs[static_cast<std::size_t>(me - 1)].values;
      mine.reserve(values.size() / static_cast<std::size_t>(team - 1) + 16);
      const auto share = 2 * static_cast<std::size_t>(team - 1);
      std::vector<std::uint64_t> batch;
      batch.reserve(max_batch);
      DictBatch updates;
      if (tracer.on()) {  // one position at a time, each an item
        while (queue.pop_batch(batch, 1) > 0) {
          const ItemScope item(tracer, batch[0]);
          consume(values[batch[0]], out, mine);
          batch.clear();
        }
      }
      while (queue.pop_batch(batch, max_batch, share) > 0) {
        updates.compute(batch);    // F(v) outside any lock
        updates.insert(out.dict);  // one omp critical(fibo_dict) for the batch
        mine.insert(mine.end(), batch.begin(), batch.end());
        batch.clear();
      }
    }
  }
  return collect(std::move(out), logs);
}

Output tasks_kernel(const std::vector<std::uint64_t>& values, int consumers, const Tracer& tracer) {
  if (consumers < 1) throw std::invalid_argument("tasks_kernel: consumers must be at least 1");
  Output out;
  std::vector<fib_dict::WorkerLog> logs(static_cast<std::size_t>(consumers));
#pragma omp parallel num_threads(consumers)
#pragma omp single
  {
    out.team = omp_get_num_threads();
    for (std::size_t i = 0; i < values.size(); ++i) {
#pragma omp task firstprivate(i) shared(out, logs, values, tracer)
      {
        const ItemScope item(tracer, i);
        consume(values[i], out, logs[static_cast<std::size_t>(omp_get_thread_num())].values);
      }
    }
  }  // the barrier runs every task left: no consumer exits while work remains
  logs.resize(static_cast<std::size_t>(out.team));
  return collect(std::move(out), logs);
}

Output run_kernel(ConditionMode mode, const std::vector<std::uint64_t>& values, int consumers,
                  const Tracer& tracer) {
  switch (mode) {
    case ConditionMode::threads:
      return threads_kernel(values, consumers, tracer);
    case ConditionMode::tasks:
      return tasks_kernel(values, consumers, tracer);
  }
  return {};
}

namespace {
// The team the kernel asked for and got, the balance, and who played which part.
void describe_team(Report& report, const Run& run, ConditionMode mode, int consumers) {
  const Output& out = run.parallel;
  const bool threads = mode == ConditionMode::threads;
  const int asked = threads ? consumers + 1 : consumers;
  report.threads = out.team;
  report.threads_requested = asked;
  // The consumers work; the producer (threads mode) sleeps while the queue is full.
  report.speedup_bound = std::max(threads ? out.team - 1 : out.team, 1);
  fib_dict::describe_balance(report, out, run.input.size(),
                             threads ? "items_per_consumer" : "items_per_thread");
  report.notes.push_back(threads ? "team = 1 producer thread + --consumers consumer threads; the "
                                   "producer sleeps while the queue is full"
                                 : "team = --consumers threads; the one that creates the tasks "
                                   "runs them too once done");
  report.notes.push_back("--consumers sets the team; OMP_NUM_THREADS and --threads do not");
  if (out.team < asked)
    report.notes.push_back("the runtime gave " + std::to_string(out.team) + " of " +
                           std::to_string(asked) + " threads asked (OMP_THREAD_LIMIT?)");
}

// The notebook's log, its threads named as the mode has them.
void print_log(std::ostream& os, const Run& run, ConditionMode mode) {
  using hpcp::fibonacci_condition::print_notebook;
  if (mode == ConditionMode::threads)
    print_notebook(os, run.input, run.parallel, "queue_task_thread",
                   [](int c) { return "fibonacci_task_thread" + std::to_string(c + 1); });
  else
    print_notebook(os, run.input, run.parallel, "queue_task (omp single)",
                   [](int t) { return "fibonacci_task on thread " + std::to_string(t); });
}
}  // namespace

struct Example : hpcp::fibonacci_condition::Spec {
  static constexpr std::string_view summary =
      "fibonacci_condition (OpenMP): a producer fills a queue and signals a condition; "
      "consumers sleep until work or the end arrives and compute F(v) into a shared dictionary";
  int consumers = hpcp::fibonacci_condition::notebook_consumers;
  ConditionMode mode = ConditionMode::threads;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_integer_flag(app, "--consumers", consumers, 1, hpcp::fibonacci_condition::max_consumers,
                     "consumer threads (default " + std::to_string(consumers) +
                         ", the notebook's); the team is this (tasks) or this + 1 producer "
                         "(threads), whatever OMP_NUM_THREADS says",
                     "C");
    add_choice(app, "--mode", mode, "how consumers wait for work");
  }
  Json params() const {
    return merged(Spec::params(), {{"consumers", consumers}, {"mode", name_of(mode)}});
  }
  Output parallel(const Input& in, const Context& ctx) const {
    return run_kernel(mode, in, consumers, ctx.tracer);
  }
  void describe(Report& r, const Run& run) const { describe_team(r, run, mode, consumers); }
  void print_notebook(std::ostream& os, const Run& run) const { print_log(os, run, mode); }
};

}  // namespace hpcp::omp::fibonacci_condition

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::fibonacci_condition::Example>(argc, argv);
}
