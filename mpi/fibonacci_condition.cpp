// fibonacci_condition, MPI — notebook cell "Threading: Fibonacci Example".
//
// Pattern: one producer, consumers that wait until work arrives or the
// producer says nothing more is coming. Rank 0 is queue_task: it holds the
// queue and the dictionary. Ranks 1.. are fibonacci_task: each sends "ready"
// (carrying F(v) of the values it last took) and blocks in MPI_Recv for either
// values or the stop message; the blocking receive is condition.wait(), rank
// 0's reply is notify, and "stop" is notifyAll's "no more" sent once to each
// worker. Constructs: MPI_Send, MPI_Probe + MPI_Get_count (a result's length
// depends on F(v)), MPI_Recv from MPI_ANY_SOURCE and with MPI_ANY_TAG, tags
// for ready, work and stop. --chunk C sends C values per message. One rank:
// rank 0 produces and consumes in turn.
// Expected: [MainThread] - Result: {3: 2, 10: 55, 5: 5, 7: 13}.
// Not ported: the notebook's consumer takes one item and returns (a fifth one
// would wait for ever); a worker here loops until told to stop, so zero items,
// one item and more ranks than items all terminate.
#include "mpi/fibonacci_condition.hpp"

#include <algorithm>
#include <string>

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::fibonacci_condition {

using hpcp::fib_dict::Output;
using Run = hpcp::fibonacci_condition::Spec::Run;

namespace {
constexpr int tag_ready = 1;  // worker -> 0: waiting; the results of its last values, if any
constexpr int tag_work = 2;   // 0 -> worker: up to --chunk values
constexpr int tag_stop = 3;   // 0 -> worker: the queue is empty and nothing more is coming
}  // namespace

Output serve(const std::vector<std::uint64_t>& values, std::size_t chunk, MPI_Comm comm,
             const Tracer& tracer) {
  const bool traced = tracer.on();
  if (traced) chunk = 1;
  const std::size_t words = traced ? 2 : chunk;  // what a work message holds, at most
  int rank = 0, size = 1;
  check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  Output out;
  std::vector<std::uint64_t> message;  // reused: no allocation per item once grown

  if (rank == 0) {  // queue_task
    out.consumed.assign(static_cast<std::size_t>(size), {});
    if (size == 1) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        const ItemScope item(tracer, i);
        out.dict.insert_or_assign(values[i], fib(values[i]));
        out.consumed[0].push_back(values[i]);
      }
      return out;
    }
    std::size_t next = 0;
    for (int waiting = size - 1; waiting > 0;) {
      MPI_Status status;
      check(MPI_Probe(MPI_ANY_SOURCE, tag_ready, comm, &status), "MPI_Probe");
      int count = 0;
      check(MPI_Get_count(&status, MPI_UINT64_T, &count), "MPI_Get_count");
      const int worker = status.MPI_SOURCE;
      message.resize(static_cast<std::size_t>(count));
      check(
          MPI_Recv(message.data(), count, MPI_UINT64_T, worker, tag_ready, comm, MPI_STATUS_IGNORE),
          "MPI_Recv");
      for (std::size_t at = 0; at < message.size();) {  // fibo_dict[v] = F(v)
        std::uint64_t v = 0;
        BigUInt f;
        at = fib_dict::read_result(message, at, v, f);
        out.dict.insert_or_assign(v, std::move(f));
        out.consumed[static_cast<std::size_t>(worker)].push_back(v);
      }
      const std::size_t n = std::min(chunk, values.size() - next);
      if (n > 0) {  // notify: work for this waiting consumer
        // Traced: one value with its id, {i, values[i]} (values live on rank 0 only).
        const std::uint64_t item[2] = {next, values[next]};
        check(MPI_Send(traced ? item : values.data() + next, traced ? 2 : static_cast<int>(n),
                       MPI_UINT64_T, worker, tag_work, comm),
              "MPI_Send");
        next += n;
      } else {  // notifyAll, one worker at a time: nothing more is coming
        check(MPI_Send(nullptr, 0, MPI_UINT64_T, worker, tag_stop, comm), "MPI_Send");
        --waiting;
      }
    }
    return out;
  }

  // fibonacci_task: any number of values, until told to stop
  std::vector<std::uint64_t> work(words);
  check(MPI_Send(nullptr, 0, MPI_UINT64_T, 0, tag_ready, comm), "MPI_Send");
  while (true) {
    MPI_Status status;
    check(
        MPI_Recv(work.data(), static_cast<int>(words), MPI_UINT64_T, 0, MPI_ANY_TAG, comm, &status),
        "MPI_Recv");  // condition.wait()
    if (status.MPI_TAG == tag_stop) break;
    int n = 0;
    check(MPI_Get_count(&status, MPI_UINT64_T, &n), "MPI_Get_count");
    message.clear();
    if (traced) {
      const ItemScope item(tracer, work[0]);  // {id, value}
      fib_dict::append_result(work[1], fib(work[1]), message);
    } else {
      for (int i = 0; i < n; ++i) fib_dict::append_result(work[i], fib(work[i]), message);
    }
    check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_UINT64_T, 0, tag_ready,
                   comm),
          "MPI_Send");
  }
  return out;
}

namespace {
// The balance over the consumers (with other ranks, rank 0 only hands out
// work) and who does what.
void describe_roles(Report& report, const Run& run) {
  const bool workers = report.ranks > 1;
  report.speedup_bound = workers ? report.ranks - 1 : 1;  // rank 0 only hands out work
  fib_dict::describe_balance(report, run.parallel, run.input.size(), "items_per_rank",
                             workers ? 1 : 0);
  if (workers)
    report.notes.push_back("rank 0 produces and keeps the dictionary; ranks 1.." +
                           std::to_string(report.ranks - 1) +
                           " consume (Open MPI's blocking calls poll: on a full node rank 0 "
                           "takes a core while it waits)");
}
}  // namespace

struct Example : hpcp::fibonacci_condition::Spec {
  static constexpr std::string_view summary =
      "fibonacci_condition (MPI): rank 0 produces the queue and keeps the dictionary; the other "
      "ranks wait in MPI_Recv for values or the stop message and return F(v)";
  std::size_t chunk = 1;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    fib_dict::add_chunk_flag(app, chunk, "message");
  }
  Json params() const { return merged(Spec::params(), {{"chunk", chunk}}); }
  // The values on rank 0 only: the workers are sent what they need.
  Input make_input(const Context& ctx) const {
    return ctx.rank == 0 ? Spec::make_input(ctx) : Input{};
  }
  Output parallel(const Input& in, const Context& ctx) const {
    return serve(in, chunk, ctx.comm, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const { describe_roles(report, run); }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::fibonacci_condition::print_notebook(
        os, run.input, run.parallel, "queue_task rank 0",
        [](int r) { return "fibonacci_task rank " + std::to_string(r); });
  }
};

}  // namespace hpcp::mpi::fibonacci_condition

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::fibonacci_condition::Example>(argc, argv);
}
