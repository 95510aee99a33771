// pipe, MPI — notebook cell "Using multiprocessing.Pipe".
//
// Pattern: two endpoints; the producer sends a random value in 1..10, the
// consumer receives it. Constructs: MPI_Send/MPI_Recv from rank 2k to rank
// 2k+1 (pairs 0-1, 2-3, ...; an odd last rank idles and says so), MPI_Gather
// of what each end sent or received, with its PID, to rank 0. One rank is
// refused (exit 2): a pipe needs two ends. --mode pingpong is OSU's latency
// loop, --mode bw osu_bw's windowed one (mpi/pipe_pingpong.cpp).
// Expected: "Value [v] sent by PID [p] (rank 0)", "Value [v] received by PID
// [q] (rank 1)": every rank is a process of its own, so the PIDs differ.
// Not ported: nothing; the cell is correct (one send, one receive).
#include "mpi/pipe.hpp"

#include <unistd.h>

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::pipe {

using namespace hpcp::pipe;

std::optional<std::string> rank_problem(int size) {
  if (size >= 2) return std::nullopt;
  return "pipe needs at least two MPI ranks, a producer and a consumer (got " +
         std::to_string(size) + "); run it with mpirun -np 2";
}

Output send_one(const std::vector<std::uint64_t>& values, MPI_Comm comm, const Tracer& tracer) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int pairs = size / 2;
  std::uint64_t mine[2] = {0, static_cast<std::uint64_t>(::getpid())};  // value, PID
  if (rank < 2 * pairs && rank % 2 == 0) {                              // producer_task
    const ItemScope item(tracer, static_cast<std::uint64_t>(rank));
    mine[0] = values.at(rank / 2);
    check(MPI_Send(&mine[0], 1, MPI_UINT64_T, rank + 1, tag, comm), "MPI_Send");
  } else if (rank < 2 * pairs) {  // consumer_task
    const ItemScope item(tracer, static_cast<std::uint64_t>(rank));
    check(MPI_Recv(&mine[0], 1, MPI_UINT64_T, rank - 1, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
  }
  std::vector<std::uint64_t> all(rank == 0 ? 2 * static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(mine, 2, MPI_UINT64_T, all.data(), 2, MPI_UINT64_T, 0, comm), "MPI_Gather");
  Output out;
  out.pairs = pairs;
  out.idle = size % 2 == 1 ? size - 1 : -1;
  if (rank == 0)
    for (int k = 0; k < pairs; ++k) {
      const std::uint64_t* pair = &all[4 * static_cast<std::size_t>(k)];  // ranks 2k and 2k+1
      out.deliveries.push_back({pair[0], pair[2], 2 * k, 2 * k + 1, static_cast<long>(pair[1]),
                                static_cast<long>(pair[3])});
    }
  return out;
}

namespace {
// How the ranks paired up: pairs at once, and the rank left without a partner.
void add_pair_notes(Report& report, const Output& out, PipeMode mode) {
  if (out.pairs > 1)
    report.notes.push_back("ranks 2k and 2k+1 form pair k; " + std::to_string(out.pairs) +
                           " pairs run at once" +
                           (mode != PipeMode::notebook ? ", times are the slowest pair's" : ""));
  if (out.idle >= 0)
    report.notes.push_back("rank " + std::to_string(out.idle) + " has no partner and idles");
}
}  // namespace

struct Example : Spec {
  static constexpr std::string_view summary =
      "pipe (MPI): the notebook's multiprocessing.Pipe as MPI_Send/MPI_Recv between rank pairs; "
      "--mode pingpong and --mode bw measure latency and bandwidth, as osu_latency and osu_bw";

  std::optional<std::string> check_ranks(int size) const { return rank_problem(size); }
  Input make_input(const Context& ctx) const {
    const auto pairs = static_cast<std::size_t>(ctx.size / 2);
    auto values = uniform_values_bcast(pairs, value_lo, value_hi, ctx.options.seed, ctx.comm);
    return {options.mode, std::move(values), options.plan()};
  }
  Output parallel(const Input& in, const Context& ctx) const {
    switch (in.mode) {
      case PipeMode::pingpong:
        return ping_pong(in.plan, ctx.comm);
      case PipeMode::bw:
        return bandwidth(in.plan, ctx.comm);
      case PipeMode::notebook:
        break;
    }
    return send_one(in.values, ctx.comm, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    add_metrics(report, run.input, run.parallel,
                run.input.mode == PipeMode::bw
                    ? "MPI_Isend x 64 / MPI_Irecv x 64 + MPI_Waitall, then an ack, ranks 0 -> 1"
                    : "MPI_Send/MPI_Recv, ranks 0 <-> 1");
    add_pair_notes(report, run.parallel, run.input.mode);
    report.notes.push_back(time_note(run.input.mode, "one process copying the same messages"));
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::pipe::print_notebook(os, run.input, run.parallel, "rank");
  }
};

}  // namespace hpcp::mpi::pipe

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::pipe::Example>(argc, argv);
}
