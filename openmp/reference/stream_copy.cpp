// Reference, not an example: a STREAM-style copy, the yardstick of the
// shared_array benchmark (SPEC.md: shared_array moves at least 80% of what a
// STREAM-style copy moves on the same machine).
//
// As in McCalpin's STREAM: two arrays of doubles far larger than the caches,
// first touched by the same static split that later copies them, the kernel
// b[i] = a[i] timed --repeat times, the best time reported and 16 bytes moved
// per element (one read, one write; write-allocate traffic not counted). The
// median is printed beside it. No project code: plain OpenMP and CLI11.
#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <vector>

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "stream_copy: STREAM-style copy b[i] = a[i] with OpenMP, the reference of shared_array"};
  std::uint64_t n = 100'000'000;
  int repeat = 10;
  bool json = false;
  app.add_option("--n", n, "elements per array (doubles)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 33));
  app.add_option("--repeat", repeat,
                 "timed copies (the first is also timed; best and median reported)")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--json", json, "one JSON object on stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  const auto count = static_cast<std::int64_t>(n);
  // new double[] leaves the pages untouched, so the parallel loop below places them.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]);
  double* pa = a.get();
  double* pb = b.get();
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < count; ++i) {
    pa[i] = static_cast<double>(i);
    pb[i] = -1.0;
  }
  std::vector<double> times;
  for (int r = 0; r < repeat + 1; ++r) {  // r == 0: warm-up, not kept
    const double t0 = omp_get_wtime();
#pragma omp parallel for simd schedule(static)
    for (std::int64_t i = 0; i < count; ++i) pb[i] = pa[i];
    const double t = omp_get_wtime() - t0;
    if (r > 0) times.push_back(t);
  }
  // The copy must have happened (and cannot be elided: b is read here).
  for (std::int64_t i = 0; i < count; i += 4099)
    if (pb[i] != static_cast<double>(i)) {
      std::fprintf(stderr, "error: copy wrong at %lld\n", static_cast<long long>(i));
      return 1;
    }
  std::sort(times.begin(), times.end());
  const double best = times.front(), median = times[times.size() / 2];
  const double bytes = 16.0 * static_cast<double>(n);
  const int threads = omp_get_max_threads();
  if (json)
    std::printf(
        "{\"reference\":\"stream_copy\",\"n\":%llu,\"threads\":%d,\"best_seconds\":%.6g,"
        "\"median_seconds\":%.6g,\"GBps_best\":%.4g,\"GBps_median\":%.4g}\n",
        static_cast<unsigned long long>(n), threads, best, median, bytes / best * 1e-9,
        bytes / median * 1e-9);
  else
    std::printf("stream_copy n=%llu threads=%d: best %.4g GB/s (%.4g s), median %.4g GB/s\n",
                static_cast<unsigned long long>(n), threads, bytes / best * 1e-9, best,
                bytes / median * 1e-9);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // allocation of the arrays
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
}
