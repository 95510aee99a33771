// Reference, not an example: a plain MPI ping-pong in the manner of OSU's
// osu_latency / osu_bw-by-round-trip, the yardstick of the pipe benchmark
// (SPEC.md: pipe's latency and bandwidth within 10% of a plain ping-pong on
// the same machine). No project code, no payload checks: ranks 0 and 1 bounce
// one buffer with MPI_Send/MPI_Recv; latency = round trip / 2, bandwidth =
// size / latency (1 MB = 10^6 B). Same sizes, iterations and warm-ups as
// mpi_pipe --mode pingpong's defaults; ranks beyond 2 wait at the barrier.
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
  std::vector<char> buffer(
      static_cast<std::size_t>(sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end())),
      'p');
  if (rank == 0 && !json)
    std::printf("# Size [B]      Latency [us]   Bandwidth [MB/s]   Iterations\n");
  std::string rows;
  for (int bytes : sizes) {
    const bool large = bytes > 8192;
    const int iters = large ? iterations_large : iterations, skip = large ? warmup_large : warmup;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = 0;
    for (int i = 0; i < iters + skip; ++i) {
      if (i == skip) t0 = MPI_Wtime();
      if (rank == 0) {
        MPI_Send(buffer.data(), bytes, MPI_CHAR, 1, 1, MPI_COMM_WORLD);
        MPI_Recv(buffer.data(), bytes, MPI_CHAR, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else if (rank == 1) {
        MPI_Recv(buffer.data(), bytes, MPI_CHAR, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(buffer.data(), bytes, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
      }
    }
    const double latency_us = (MPI_Wtime() - t0) / (2.0 * iters) * 1e6;
    const double mbps = latency_us > 0 ? bytes / latency_us : 0.0;
    if (rank != 0) continue;
    if (json) {
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
    std::printf("{\"reference\":\"pingpong\",\"ranks\":%d,\"rows\":[%s]}\n", size, rows.c_str());
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
