// producer_consumer, OpenMP — notebook cell "Process, Queue and a Manager dict".
//
// Pattern: a producer puts --count random values in 1..--max into a queue and
// is joined; then consumers drain the queue, computing F(v) into a shared
// dictionary. Constructs: `omp single` is the producer (its implicit barrier
// is producer.join()); an OpenMP lock (omp_lock_t) guards the queue, taken
// once per item, so items are handed out dynamically to whichever thread is
// free; `omp critical(fibo_dict)` guards the dictionary (the Manager dict).
// F(v) is computed outside both, so the locks are held for a few instructions.
// Expected: every key k maps to F(k); the report gives the items per thread.
// Not ported: the notebook's `while not q.empty(): q.get(True, 0.05)` races
// between empty() and get() (a consumer dies with queue.Empty now and then);
// try_get() tests and takes under one lock.
#include "openmp/producer_consumer.hpp"

#include <omp.h>

#include "common/core/driver.hpp"

namespace hpcp::omp::producer_consumer {

using hpcp::fib_dict::Output;

namespace {
// multiprocessing.Queue for threads: a FIFO under an OpenMP lock. The storage
// is reserved up front, so neither put nor try_get allocates.
class LockedQueue {
 public:
  explicit LockedQueue(std::size_t capacity) {
    items_.reserve(capacity);
    omp_init_lock(&lock_);
  }
  ~LockedQueue() { omp_destroy_lock(&lock_); }
  LockedQueue(const LockedQueue&) = delete;
  LockedQueue& operator=(const LockedQueue&) = delete;

  void put(std::uint64_t value) {
    omp_set_lock(&lock_);
    items_.push_back(value);
    omp_unset_lock(&lock_);
  }
  // Test and take in one step: no window between "not empty" and "get".
  bool try_get(std::uint64_t& value) {
    omp_set_lock(&lock_);
    const bool got = head_ < items_.size();
    if (got) value = items_[head_++];
    omp_unset_lock(&lock_);
    return got;
  }

 private:
  omp_lock_t lock_;
  std::vector<std::uint64_t> items_;
  std::size_t head_ = 0;
};
}  // namespace

Output drain(const std::vector<std::uint64_t>& values) {
  LockedQueue queue(values.size());
  Output out;
  std::vector<fib_dict::WorkerLog> logs(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
#pragma omp single
    {
      out.team = omp_get_num_threads();
      for (const auto v : values) queue.put(v);
    }  // implicit barrier: producer.join()
    auto& mine = logs[static_cast<std::size_t>(omp_get_thread_num())].values;
    mine.reserve(values.size() / static_cast<std::size_t>(out.team) + 16);
    std::uint64_t v = 0;
    while (queue.try_get(v)) {
      BigUInt f = fib(v);
#pragma omp critical(fibo_dict)
      out.dict.insert_or_assign(v, std::move(f));
      mine.push_back(v);
    }
  }
  for (int t = 0; t < out.team; ++t) out.consumed.push_back(std::move(logs[t].values));
  return out;
}

struct Example : hpcp::producer_consumer::Spec<> {
  static constexpr std::string_view summary =
      "producer_consumer (OpenMP): a producer fills a queue, the threads drain it computing "
      "F(v) into a shared dictionary (omp single, an OpenMP lock, omp critical)";

  Output parallel(const Input& in, const Context&) const { return drain(in); }
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
