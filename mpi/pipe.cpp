// pipe, MPI — notebook cell "Using multiprocessing.Pipe".
//
// Pattern: two endpoints; the producer sends a random value in 1..10, the
// consumer receives it. Constructs: MPI_Send/MPI_Recv from rank 2k to rank
// 2k+1 (pairs 0-1, 2-3, ...; an odd last rank idles and says so), MPI_Gather
// of what each end sent or received, with its PID, to rank 0. One rank is
// refused (exit 2): a pipe needs two ends. --mode pingpong is OSU's latency
// loop: pre-allocated buffers, warm-up skipped, a barrier before each size,
// nothing in the timed loop but MPI_Send/MPI_Recv and two 8-byte stamp words.
// Expected: "Value [v] sent by PID [p] (rank 0)", "Value [v] received by PID
// [q] (rank 1)": every rank is a process of its own, so the PIDs differ.
// Not ported: nothing; the cell is correct (one send, one receive).
#include "mpi/pipe.hpp"

#include <unistd.h>

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::pipe {

using namespace hpcp::pipe;

namespace {
constexpr int tag = 1;
}

std::optional<std::string> rank_problem(int size) {
  if (size >= 2) return std::nullopt;
  return "pipe needs at least two MPI ranks, a producer and a consumer (got " +
         std::to_string(size) + "); run it with mpirun -np 2";
}

Output send_one(const std::vector<std::uint64_t>& values, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int pairs = size / 2;
  std::uint64_t mine[2] = {0, static_cast<std::uint64_t>(::getpid())};  // value, PID
  if (rank < 2 * pairs && rank % 2 == 0) {  // producer_task
    mine[0] = values.at(rank / 2);
    check(MPI_Send(&mine[0], 1, MPI_UINT64_T, rank + 1, tag, comm), "MPI_Send");
  } else if (rank < 2 * pairs) {  // consumer_task
    check(MPI_Recv(&mine[0], 1, MPI_UINT64_T, rank - 1, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
  }
  std::vector<std::uint64_t> all(rank == 0 ? 2 * static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(mine, 2, MPI_UINT64_T, all.data(), 2, MPI_UINT64_T, 0, comm), "MPI_Gather");
  Output out;
  out.pairs = pairs;
  out.idle = size % 2 == 1 ? size - 1 : -1;
  if (rank == 0)
    for (int k = 0; k < pairs; ++k)
      out.deliveries.push_back({all[4 * k], all[4 * k + 2], 2 * k, 2 * k + 1,
                                static_cast<long>(all[4 * k + 1]), static_cast<long>(all[4 * k + 3])});
  return out;
}

Output ping_pong(const Plan& plan, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int pairs = size / 2;
  const bool paired = rank < 2 * pairs, ping = rank % 2 == 0;
  const int peer = ping ? rank + 1 : rank - 1;
  const std::size_t n = plan.sizes.size(), cap = paired ? plan.max_bytes() : 0;
  Buffer send(cap), recv(cap);
  std::vector<double> seconds(n, 0.0);            // pingers only; the reduction takes the max
  std::vector<std::uint64_t> counts(2 * n, 0);    // delivered, corrupt per size
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t bytes = plan.sizes[s];
    const int count = static_cast<int>(bytes);
    const std::uint64_t warmup = plan.warmup_for(bytes), total = warmup + plan.iterations_for(bytes);
    if (paired) prepare_buffers(send.data(), recv.data(), bytes);
    std::uint64_t delivered = 0, corrupt = 0;
    check(MPI_Barrier(comm), "MPI_Barrier");
    if (!paired) continue;
    double t0 = MPI_Wtime();
    for (std::uint64_t i = 0; i < total; ++i) {
      if (i == warmup) t0 = MPI_Wtime();
      if (ping) {
        write_message(send.data(), bytes, i, plan.check);
        check(MPI_Send(send.data(), count, MPI_BYTE, peer, tag, comm), "MPI_Send");
        check(MPI_Recv(recv.data(), count, MPI_BYTE, peer, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
        ++delivered;
        corrupt += !check_message(recv.data(), bytes, i, plan.check);
      } else {
        check(MPI_Recv(recv.data(), count, MPI_BYTE, peer, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
        ++delivered;
        corrupt += !check_message(recv.data(), bytes, i, plan.check);
        write_message(send.data(), bytes, i, plan.check);
        check(MPI_Send(send.data(), count, MPI_BYTE, peer, tag, comm), "MPI_Send");
      }
    }
    if (ping) seconds[s] = MPI_Wtime() - t0;
    corrupt += wrong_words(recv.data(), bytes, total - 1, plan.check) != 0;
    counts[2 * s] = delivered;
    counts[2 * s + 1] = corrupt;
  }
  std::vector<double> slowest(n, 0.0);
  std::vector<std::uint64_t> sums(2 * n, 0);
  const int ni = static_cast<int>(n);
  check(MPI_Reduce(seconds.data(), slowest.data(), ni, MPI_DOUBLE, MPI_MAX, 0, comm), "MPI_Reduce");
  check(MPI_Reduce(counts.data(), sums.data(), 2 * ni, MPI_UINT64_T, MPI_SUM, 0, comm), "MPI_Reduce");
  Output out;
  out.pairs = pairs;
  out.idle = size % 2 == 1 ? size - 1 : -1;
  if (rank == 0)
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t bytes = plan.sizes[s];
      out.sweep.push_back({bytes, plan.iterations_for(bytes), plan.warmup_for(bytes), slowest[s],
                           sums[2 * s], sums[2 * s + 1]});
    }
  return out;
}

struct Example {
  static constexpr std::string_view name = "pipe";
  static constexpr std::string_view summary =
      "pipe (MPI): the notebook's multiprocessing.Pipe as MPI_Send/MPI_Recv between rank pairs; "
      "--mode pingpong measures latency and bandwidth (OSU-style)";
  using Input = hpcp::pipe::Input;
  using Output = hpcp::pipe::Output;
  using Run = hpcp::Run<Input, Output>;

  hpcp::pipe::Options options;

  void add_flags(CLI::App& app) { options.add_flags(app); }
  std::optional<std::string> validate(const CommonOptions&) const { return options.validate(); }
  std::optional<std::string> check_ranks(int size) const { return rank_problem(size); }
  Json params() const { return options.params(); }
  Input make_input(const Context& ctx) const {
    return {options.mode,
            uniform_values_bcast(static_cast<std::size_t>(ctx.size / 2), value_lo, value_hi,
                                 ctx.options.seed, ctx.comm),
            options.plan()};
  }
  Output serial(const Input& in) const { return hpcp::pipe::serial(in); }
  Output parallel(const Input& in, const Context& ctx) const {
    switch (in.mode) {
      case PipeMode::notebook: return send_one(in.values, ctx.comm);
      case PipeMode::pingpong: return ping_pong(in.plan, ctx.comm);
    }
    return {};
  }
  void verify(const Run& run, Verdict& v) const {
    hpcp::pipe::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.input, run.parallel); }
  void describe(Report& report, const Run& run) const {
    add_metrics(report, run.parallel);
    if (run.parallel.pairs > 1)
      report.notes.push_back("ranks 2k and 2k+1 form pair k; " + std::to_string(run.parallel.pairs) +
                             " pairs run at once" +
                             (run.input.mode == PipeMode::pingpong ? ", times are the slowest pair's" : ""));
    if (run.parallel.idle >= 0)
      report.notes.push_back("rank " + std::to_string(run.parallel.idle) + " has no partner and idles");
    if (run.input.mode == PipeMode::pingpong)
      report.notes.push_back("latency = round trip / 2 (OSU); the serial baseline is one process "
                             "copying the same messages, so speedup < 1 is expected");
    else
      report.notes.push_back("one 8-byte message: the time is the hand-off's, there is nothing to speed up");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::pipe::print_notebook(os, run.input, run.parallel, "rank",
                               "MPI_Send/MPI_Recv, ranks 0 <-> 1");
  }
};

}  // namespace hpcp::mpi::pipe

int hpcp_main(int argc, char** argv) { return hpcp::mpi::run<hpcp::mpi::pipe::Example>(argc, argv); }
