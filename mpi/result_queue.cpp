// result_queue, MPI — notebook cell "multiprocessing.Queue".
//
// Pattern: workers put n*n for n = 1..N into a queue that the main program
// drains; under MPI the queue is rank 0's receive queue. Constructs: every
// rank computes its cyclic share of the items (rank r: n = r+1, r+1+P, ...);
// ranks 1..P-1 MPI_Send their values to rank 0 (--batch values per message)
// and then an empty "done" message; rank 0 computes its own share too and,
// between its items (at most once every 50 us), takes in what has arrived
// (MPI_Iprobe + MPI_Recv), then blocks in MPI_Recv(MPI_ANY_SOURCE,
// MPI_ANY_TAG) until every worker has said done. MPI keeps each sender's messages in order, so a
// worker's "done" arrives after all its values. One rank: rank 0 produces and drains alone.
// Expected: 1 4 9 16, one per line; values reported in arrival order and
// verified as a multiset.
// Not ported: the notebook joins the worker before draining, which deadlocks
// once the results outgrow the pipe buffer; rank 0 receives while the
// workers still send.
#include "mpi/result_queue.hpp"

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::result_queue {

using hpcp::result_queue::item;
using hpcp::result_queue::Output;

namespace {
constexpr int tag_values = 1;  // worker -> 0: up to --batch values
constexpr int tag_done = 2;    // worker -> 0: nothing more will come
// Rank 0 looks for arrivals between its own items at most this often: an
// MPI_Iprobe that finds nothing lets Open MPI yield the core when ranks are
// oversubscribed, and one per light item (10^6 of them) cost seconds.
constexpr double poll_seconds = 50e-6;
}  // namespace

Output gather_any(std::uint64_t n, std::uint64_t work, std::size_t batch, MPI_Comm comm,
                  const Tracer& tracer) {
  if (tracer.on()) batch = 1;
  const auto result = [&](std::uint64_t k) {
    const ItemScope traced(tracer, k - 1);
    return item(k, work);
  };
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const auto stride = static_cast<std::uint64_t>(size);
  std::vector<std::uint64_t> buffer(batch);  // one message's values
  Output out;

  if (rank != 0) {
    std::size_t filled = 0;
    for (std::uint64_t k = static_cast<std::uint64_t>(rank) + 1; k <= n; k += stride) {
      buffer[filled++] = result(k);
      if (filled < batch) continue;
      check(MPI_Send(buffer.data(), static_cast<int>(filled), MPI_UINT64_T, 0, tag_values, comm),
            "MPI_Send");
      filled = 0;
    }
    if (filled > 0)
      check(MPI_Send(buffer.data(), static_cast<int>(filled), MPI_UINT64_T, 0, tag_values, comm),
            "MPI_Send");
    check(MPI_Send(nullptr, 0, MPI_UINT64_T, 0, tag_done, comm), "MPI_Send");
    return out;
  }

  out.arrivals.reserve(n);
  out.per_worker.assign(static_cast<std::size_t>(size), 0);
  int done = 0;
  // Take one message whose envelope is `status`'s (or any, blocking).
  auto receive = [&](int source, int tag) {
    MPI_Status status;
    check(
        MPI_Recv(buffer.data(), static_cast<int>(batch), MPI_UINT64_T, source, tag, comm, &status),
        "MPI_Recv");
    if (status.MPI_TAG == tag_done) {
      ++done;
      return;
    }
    int count = 0;
    check(MPI_Get_count(&status, MPI_UINT64_T, &count), "MPI_Get_count");
    out.arrivals.insert(out.arrivals.end(), buffer.begin(), buffer.begin() + count);
    out.per_worker[static_cast<std::size_t>(status.MPI_SOURCE)] +=
        static_cast<std::uint64_t>(count);
  };
  double last_poll = MPI_Wtime();
  for (std::uint64_t k = 1; k <= n; k += stride) {
    out.arrivals.push_back(result(k));  // rank 0's own put
    ++out.per_worker[0];
    if (size == 1 || MPI_Wtime() - last_poll < poll_seconds) continue;
    last_poll = MPI_Wtime();
    for (int flag = 1;;) {  // and what the workers put meanwhile
      MPI_Status status;
      check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &status), "MPI_Iprobe");
      if (!flag) break;
      receive(status.MPI_SOURCE, status.MPI_TAG);
    }
  }
  while (done < size - 1) receive(MPI_ANY_SOURCE, MPI_ANY_TAG);
  return out;
}

struct Example : hpcp::result_queue::Spec {
  static constexpr std::string_view summary =
      "result_queue (MPI): every rank computes n*n for its share, the workers send them to rank "
      "0, which receives from MPI_ANY_SOURCE until each worker said done";
  std::size_t batch = 1;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    add_integer_flag(app, "--batch", batch, 1, 1000000,
                     "values per message (default 1: one put() per value, as in the notebook)",
                     "B");
  }
  Json params() const { return merged(Spec::params(), {{"batch", batch}}); }
  Output parallel(const Input& in, const Context& ctx) const {
    return gather_any(in, work, batch, ctx.comm, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    hpcp::result_queue::describe(report, run.parallel, "items_per_rank");
  }
};

}  // namespace hpcp::mpi::result_queue

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::result_queue::Example>(argc, argv);
}
