// producer_consumer, OpenMP — notebook cell "Process, Queue and a Manager dict".
//
// Pattern: a producer puts --count random values in 1..--max into a queue and
// is joined; then consumers drain the queue, computing F(v) into a shared
// dictionary. Constructs: `omp single` is the producer, which puts the whole
// list in one locked copy (its implicit barrier is producer.join()); an
// OpenMP lock (omp_lock_t) guards the queue, a ring of reserved storage;
// each consumer takes a batch per acquisition, a 1/(2 x team) share of what
// is left, at most `max_batch` values (guided self-scheduling: batches shrink
// to single items at the end, so heavy items stay balanced); F(v) is computed
// outside any lock, then `omp critical(fibo_dict)` (the Manager dict) is
// entered once per batch to write all its results (openmp/dict_batch.hpp: a
// key once per batch, through a remembered iterator). Nobody waits for the
// queue: it is full before the first consumer starts, and a consumer ends
// when it finds it empty, as the notebook's `while not q.empty()` does.
// Expected: every key k maps to F(k); the report gives the items per thread.
// Not ported: the notebook's `while not q.empty(): q.get(True, 0.05)` races
// between empty() and get() (a consumer dies with queue.Empty now and then);
// try_get_batch() tests and takes under one lock.
#include "openmp/producer_consumer.hpp"

#include <omp.h>

#include <algorithm>
#include <span>
#include <vector>

#include "common/core/driver.hpp"
#include "openmp/dict_batch.hpp"

namespace hpcp::omp::producer_consumer {

using hpcp::fib_dict::Output;

namespace {
// Values a consumer takes per lock acquisition, at most.
constexpr std::size_t max_batch = 256;

// multiprocessing.Queue for threads: a FIFO under an OpenMP lock. The storage
// is reserved up front, so neither put nor try_get_batch allocates.
class LockedQueue {
 public:
  explicit LockedQueue(std::size_t capacity) {
    items_.reserve(capacity);
    omp_init_lock(&lock_);
  }
  ~LockedQueue() { omp_destroy_lock(&lock_); }
  LockedQueue(const LockedQueue&) = delete;
  LockedQueue& operator=(const LockedQueue&) = delete;

  // put() for every value, in order, under one acquisition.
  void put_all(std::span<const std::uint64_t> values) {
    omp_set_lock(&lock_);
    items_.insert(items_.end(), values.begin(), values.end());
    omp_unset_lock(&lock_);
  }
  // Test and take in one step (no window between "not empty" and "get"): a
  // 1/`share` part of what is left (rounded up), at most `max`, appended to
  // `out`, and where in the queue's order the first was. Returns how many; 0
  // once the queue is empty.
  std::size_t try_get_batch(std::vector<std::uint64_t>& out, std::size_t max, std::size_t share,
                            std::size_t& first_index) {
    omp_set_lock(&lock_);
    first_index = head_;
    const std::size_t left = items_.size() - head_;
    const std::size_t n = std::min(max, (left + share - 1) / share);
    const auto first = items_.begin() + static_cast<std::ptrdiff_t>(head_);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(n));
    head_ += n;
    omp_unset_lock(&lock_);
    return n;
  }

 private:
  omp_lock_t lock_;
  std::vector<std::uint64_t> items_;
  std::size_t head_ = 0;
};
}  // namespace

Output drain(const std::vector<std::uint64_t>& values, const Tracer& tracer) {
  LockedQueue queue(values.size());
  Output out;
  std::vector<fib_dict::WorkerLog> logs(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
#pragma omp single
    {
      out.team = omp_get_num_threads();
      queue.put_all(values);
    }  // implicit barrier: producer.join()
    auto& mine = logs[static_cast<std::size_t>(omp_get_thread_num())].values;
    mine.reserve(values.size() / static_cast<std::size_t>(out.team) + 16);
    const auto share = 2 * static_cast<std::size_t>(out.team);
    std::vector<std::uint64_t> batch;
    batch.reserve(max_batch);
    DictBatch updates;
    const std::size_t most = tracer.on() ? 1 : max_batch;  // traced: one value per item
    std::size_t first = 0;
    while (queue.try_get_batch(batch, most, share, first) > 0) {
      const ItemScope item(tracer, first);
      updates.compute(batch);    // F(v) outside any lock
      updates.insert(out.dict);  // one omp critical(fibo_dict) for the batch
      mine.insert(mine.end(), batch.begin(), batch.end());
      batch.clear();
    }
  }
  for (int t = 0; t < out.team; ++t) out.consumed.push_back(std::move(logs[t].values));
  return out;
}

struct Example : hpcp::producer_consumer::Spec<> {
  static constexpr std::string_view summary =
      "producer_consumer (OpenMP): a producer fills a queue, the threads drain it computing "
      "F(v) into a shared dictionary (omp single, an OpenMP lock, omp critical)";

  Output parallel(const Input& in, const Context& ctx) const { return drain(in, ctx.tracer); }
  void describe(Report& report, const Run& run) const {
    fib_dict::describe_balance(report, run.parallel, run.input.size(), "items_per_thread");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::producer_consumer::print_notebook(os, run.input, run.parallel, "omp single", "thread ");
  }
};

}  // namespace hpcp::omp::producer_consumer

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::producer_consumer::Example>(argc, argv);
}
