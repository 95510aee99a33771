// One timing discipline: a steady-clock stopwatch and the statistics of the
// timed repetitions (the warm-up is never among them).
#pragma once

#include <chrono>
#include <span>

namespace hpcp {

class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  void restart() { start_ = Clock::now(); }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

struct TimingStats {
  double min = 0, median = 0, mean = 0, max = 0;
  int count = 0;
};

// Statistics of the samples; the median of an even count is the mean of the middle two.
TimingStats summarize(std::span<const double> samples);

}  // namespace hpcp
