// Reference, not an example: a plain MPI ping-pong in the manner of OSU's
// osu_latency / osu_bw-by-round-trip, the yardstick of the pipe benchmark
// (SPEC.md: pipe's latency and bandwidth within 10% of a plain ping-pong on
// the same machine). No project code, no payload checks: ranks 0 and 1 bounce
// one buffer with MPI_Send/MPI_Recv; latency = round trip / 2, bandwidth =
// size / latency (1 MB = 10^6 B). Same sizes, iterations and warm-ups as
// mpi_pipe --mode pingpong's defaults; ranks beyond 2 wait at the barrier.
// --mode bw is osu_bw's loop, the yardstick of mpi_pipe --mode bw: per
// iteration rank 0 posts 64 MPI_Isend of one buffer, rank 1 64 MPI_Irecv into
// one buffer, both MPI_Waitall, then rank 1 sends a 4-byte ack; bandwidth =
// size x 64 x iterations / rank 0's time (100 iterations up to 8 KiB, 20
// above, after 10 and 2 warm-ups, as osu_bw).
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

int run(int argc, char** argv) {
  int rank = 0, size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CLI::App app{"pingpong: plain MPI ping-pong between ranks 0 and 1, the reference of mpi_pipe"};
  std::vector<int> sizes;
  for (int s = 1; s <= (4 << 20); s *= 2) sizes.push_back(s);
  int iterations = 1000, iterations_large = 100, warmup = 100, warmup_large = 10;
  bool json = false;
  std::string mode = "pingpong";
  app.add_option("--mode", mode, "pingpong (latency) or bw (osu_bw's window of 64)")
      ->check(CLI::IsMember({"pingpong", "bw"}));
  app.add_option("--sizes", sizes, "message sizes in bytes")
      ->delimiter(',')
      ->check(CLI::Range(0, 1 << 28));
  app.add_option("--iterations", iterations, "timed round trips up to 8 KiB")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--iterations-large", iterations_large, "timed round trips above 8 KiB")
      ->check(CLI::Range(1, 10'000'000));
  app.add_flag("--json", json, "one JSON object on stdout");
  int code = -1;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    code = e.get_exit_code() == 0 ? 0 : 2;
    if (rank == 0) code == 0 ? app.exit(e) : std::fprintf(stderr, "error: %s\n", e.what());
  }
  if (code < 0 && size < 2) {
    if (rank == 0) std::fprintf(stderr, "error: pingpong needs at least 2 ranks\n");
    code = 2;
  }
  if (code >= 0) {  // every rank decided alike, without communicating
    MPI_Finalize();
    return code;
  }
  const bool bw = mode == "bw";
  constexpr int window = 64;
  if (bw) {  // osu_bw's defaults, unless given
    if (app.count("--iterations") == 0) iterations = 100;
    if (app.count("--iterations-large") == 0) iterations_large = 20;
    warmup = 10;
    warmup_large = 2;
  }
  std::vector<char> buffer(
      static_cast<std::size_t>(sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end())),
      'p');
  std::vector<MPI_Request> requests(window);
  char ack[4] = {};
  if (rank == 0 && !json) {
    if (bw)
      std::printf("# Size          Bandwidth (MB/s)   Iterations\n");
    else
      std::printf("# Size [B]      Latency [us]   Bandwidth [MB/s]   Iterations\n");
  }
  std::string rows;
  for (int bytes : sizes) {
    const bool large = bytes > 8192;
    const int iters = large ? iterations_large : iterations, skip = large ? warmup_large : warmup;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = 0;
    for (int i = 0; i < iters + skip; ++i) {
      if (i == skip) t0 = MPI_Wtime();
      if (bw) {  // ranks beyond 1 have nothing to do
        if (rank == 0) {
          for (auto& r : requests)
            MPI_Isend(buffer.data(), bytes, MPI_CHAR, 1, 1, MPI_COMM_WORLD, &r);
          MPI_Waitall(window, requests.data(), MPI_STATUSES_IGNORE);
          MPI_Recv(ack, 4, MPI_CHAR, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
          for (auto& r : requests)
            MPI_Irecv(buffer.data(), bytes, MPI_CHAR, 0, 1, MPI_COMM_WORLD, &r);
          MPI_Waitall(window, requests.data(), MPI_STATUSES_IGNORE);
          MPI_Send(ack, 4, MPI_CHAR, 0, 2, MPI_COMM_WORLD);
        }
      } else if (rank == 0) {
        MPI_Send(buffer.data(), bytes, MPI_CHAR, 1, 1, MPI_COMM_WORLD);
        MPI_Recv(buffer.data(), bytes, MPI_CHAR, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else if (rank == 1) {
        MPI_Recv(buffer.data(), bytes, MPI_CHAR, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(buffer.data(), bytes, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
      }
    }
    const double seconds = MPI_Wtime() - t0;
    const double latency_us = seconds / (2.0 * iters) * 1e6;
    const double mbps = bw ? (seconds > 0 ? 1.0 * bytes * window * iters / seconds / 1e6 : 0.0)
                           : (latency_us > 0 ? bytes / latency_us : 0.0);
    if (rank != 0) continue;
    if (bw && json) {
      char row[160];
      std::snprintf(row, sizeof row, "%s{\"size\":%d,\"bandwidth_MBps\":%.6g,\"iterations\":%d}",
                    rows.empty() ? "" : ",", bytes, mbps, iters);
      rows += row;
    } else if (bw) {
      std::printf("%-10d%20.2f %12d\n", bytes, mbps, iters);
    } else if (json) {
      char row[160];
      std::snprintf(row, sizeof row,
                    "%s{\"size\":%d,\"latency_us\":%.4g,\"bandwidth_MBps\":%.6g,\"iterations\":%d}",
                    rows.empty() ? "" : ",", bytes, latency_us, mbps, iters);
      rows += row;
    } else {
      std::printf("  %-10d %15.2f %18.2f %12d\n", bytes, latency_us, mbps, iters);
    }
  }
  if (rank == 0 && json)
    std::printf("{\"reference\":\"pingpong\",\"mode\":\"%s\",\"ranks\":%d,\"rows\":[%s]}\n",
                mode.c_str(), size, rows.c_str());
  MPI_Finalize();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  try {
    return run(argc, argv);            // finalises MPI
  } catch (const std::exception& e) {  // allocation: this rank cannot go on, nor its peer
    std::fprintf(stderr, "error: %s\n", e.what());
    MPI_Abort(MPI_COMM_WORLD, 3);
    return 3;
  }
}
