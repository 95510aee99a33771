// One timing discipline: a steady-clock stopwatch and the statistics of the
// timed repetitions (the warm-up is never among them).
#pragma once

#include <chrono>
#include <span>

namespace hpcp {

class Stopwatch {
 public:
  Stopwatch() : start_(clock::now()) {}
  void restart() { start_ = clock::now(); }
  double seconds() const { return std::chrono::duration<double>(clock::now() - start_).count(); }

 private:
  using clock = std::chrono::steady_clock;
  clock::time_point start_;
};

struct TimingStats {
  double min = 0, median = 0, mean = 0, max = 0;
  int count = 0;
};

// Statistics of the samples; the median of an even count is the mean of the middle two.
TimingStats summarize(std::span<const double> samples);

}  // namespace hpcp
