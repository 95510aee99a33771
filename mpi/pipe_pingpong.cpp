// pipe --mode pingpong and --mode bw, MPI: OSU's latency loop and osu_bw's
// windowed loop (the notebook cell and the Example are in mpi/pipe.cpp). Every pair runs the sweep
// at once, rank 2k pinging and 2k+1 ponging: pre-allocated buffers, warm-up skipped, a barrier
// before each size, nothing in the timed loop but MPI_Send/MPI_Recv and the
// payload check (two 8-byte stamp words by default; pingpong.hpp). Rank 0
// gets the slowest pair's time (MPI_Reduce, MPI_MAX) and the message counts
// summed over all ranks. bw: per iteration the pinger posts 64 MPI_Isend of
// its one buffer (as osu_bw; concurrent sends may share a buffer), the ponger
// 64 MPI_Irecv into 64 buffers (pending receives may not); both MPI_Waitall,
// the ponger checks the 64 stamps and sends a 4-byte ack.
#include "mpi/pipe.hpp"

#include <cstring>
#include <vector>

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::pipe {

using namespace hpcp::pipe;

namespace {
// Rank 0's sweep: the slowest pair's time per size (MPI_MAX) and the message
// counts (delivered, corrupt per size) summed over all ranks. `window` is 0
// for ping-pong.
Output reduce_sweep(const Plan& plan, const std::vector<double>& seconds,
                    const std::vector<std::uint64_t>& counts, std::size_t window, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const std::size_t n = plan.sizes.size();
  std::vector<double> slowest(n, 0.0);
  std::vector<std::uint64_t> sums(2 * n, 0);
  const int ni = static_cast<int>(n);
  check(MPI_Reduce(seconds.data(), slowest.data(), ni, MPI_DOUBLE, MPI_MAX, 0, comm), "MPI_Reduce");
  check(MPI_Reduce(counts.data(), sums.data(), 2 * ni, MPI_UINT64_T, MPI_SUM, 0, comm),
        "MPI_Reduce");
  Output out;
  out.pairs = size / 2;
  out.idle = size % 2 == 1 ? size - 1 : -1;
  if (rank == 0)
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t bytes = plan.sizes[s];
      SizeResult r{bytes,
                   plan.iterations_for(bytes),
                   plan.warmup_for(bytes),
                   slowest[s],
                   sums[2 * s],
                   sums[2 * s + 1]};
      r.window = window;
      out.sweep.push_back(r);
    }
  return out;
}
}  // namespace

Output ping_pong(const Plan& plan, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int pairs = size / 2;
  const bool paired = rank < 2 * pairs, ping = rank % 2 == 0;
  const int peer = ping ? rank + 1 : rank - 1;
  const std::size_t n = plan.sizes.size(), cap = paired ? plan.max_bytes() : 0;
  Buffer send(cap), recv(cap);
  std::vector<double> seconds(n, 0.0);          // pingers only; the reduction takes the max
  std::vector<std::uint64_t> counts(2 * n, 0);  // delivered, corrupt per size
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t bytes = plan.sizes[s];
    const int count = static_cast<int>(bytes);
    const std::uint64_t warmup = plan.warmup_for(bytes),
                        total = warmup + plan.iterations_for(bytes);
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
        check(MPI_Recv(recv.data(), count, MPI_BYTE, peer, tag, comm, MPI_STATUS_IGNORE),
              "MPI_Recv");
        ++delivered;
        corrupt += !check_message(recv.data(), bytes, i, plan.check);
      } else {
        check(MPI_Recv(recv.data(), count, MPI_BYTE, peer, tag, comm, MPI_STATUS_IGNORE),
              "MPI_Recv");
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
  return reduce_sweep(plan, seconds, counts, 0, comm);
}

Output bandwidth(const Plan& plan, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int pairs = size / 2;
  const bool paired = rank < 2 * pairs, sender = rank % 2 == 0;
  const int peer = sender ? rank + 1 : rank - 1;
  const std::size_t n = plan.sizes.size(), w = plan.window;
  const std::size_t cap = paired ? plan.max_bytes() : 0;
  // The sender's one buffer; the receiver's window, a buffer per pending receive.
  std::vector<Buffer> window;
  for (std::size_t j = 0; j < (paired ? (sender ? 1 : w) : 0); ++j) window.emplace_back(cap);
  std::vector<MPI_Request> requests(w, MPI_REQUEST_NULL);
  std::byte ack[ack_bytes] = {};
  const int wi = static_cast<int>(w), acks = static_cast<int>(ack_bytes);
  std::vector<double> seconds(n, 0.0);          // senders only; the reduction takes the max
  std::vector<std::uint64_t> counts(2 * n, 0);  // delivered, corrupt per size
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t bytes = plan.sizes[s];
    const int count = static_cast<int>(bytes);
    const std::uint64_t warmup = plan.warmup_for(bytes),
                        total = warmup + plan.iterations_for(bytes);
    for (auto& b : window)
      if (sender)
        fill_words(b.data(), bytes, pattern_base(bytes, body_iteration));
      else
        std::memset(b.data(), 0xA5, bytes);  // a poison no message carries
    std::uint64_t delivered = 0, corrupt = 0;
    check(MPI_Barrier(comm), "MPI_Barrier");
    if (!paired) continue;
    double t0 = MPI_Wtime();
    for (std::uint64_t i = 0; i < total; ++i) {
      if (i == warmup) t0 = MPI_Wtime();
      if (sender) {
        write_message(window[0].data(), bytes, i, plan.check);
        for (std::size_t j = 0; j < w; ++j)
          check(MPI_Isend(window[0].data(), count, MPI_BYTE, peer, tag, comm, &requests[j]),
                "MPI_Isend");
        check(MPI_Waitall(wi, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
        check(MPI_Recv(ack, acks, MPI_BYTE, peer, ack_tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
      } else {
        for (std::size_t j = 0; j < w; ++j)
          check(MPI_Irecv(window[j].data(), count, MPI_BYTE, peer, tag, comm, &requests[j]),
                "MPI_Irecv");
        check(MPI_Waitall(wi, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
        for (std::size_t j = 0; j < w; ++j)
          corrupt += !check_message(window[j].data(), bytes, i, plan.check);
        delivered += w;
        check(MPI_Send(ack, acks, MPI_BYTE, peer, ack_tag, comm), "MPI_Send");
      }
    }
    if (sender) seconds[s] = MPI_Wtime() - t0;
    if (!sender && w > 0)
      corrupt += wrong_words(window[w - 1].data(), bytes, total - 1, plan.check) != 0;
    counts[2 * s] = delivered;
    counts[2 * s + 1] = corrupt;
  }
  return reduce_sweep(plan, seconds, counts, w, comm);
}

}  // namespace hpcp::mpi::pipe
