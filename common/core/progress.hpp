// Progress on stderr for long runs (--progress, or when stderr is a terminal):
// the phase (watchdog.hpp's set_phase), the repetition i/R and the time since
// the run began, once it has run for 2 s. A ticker thread sleeps between ticks
// and reads what the driver last stored (an atomic store, outside the timed
// region); stdout is never touched. On a terminal one line is rewritten in
// place (\r) and cleared at the end; elsewhere a plain line every 2 s.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "common/core/timing.hpp"

namespace hpcp {

class Progress {
 public:
  static constexpr int auto_total = -1;  // repetition(i, auto_total): "i/auto"

  // `enabled`: show it at all; `terminal`: stderr is one; `who` leads each line.
  Progress(bool enabled, bool terminal, std::string who);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Run `rep` (from 1) of `total` (0: none counted, e.g. a warm-up) is next.
  void repetition(int rep, int total) noexcept {
    total_.store(total, std::memory_order_relaxed);
    rep_.store(rep, std::memory_order_relaxed);
  }
  // Stop the ticker and clear its line; nothing is written after this returns.
  void stop();

  // The line shown after `seconds` in `phase` at repetition `rep` of `total`.
  static std::string line(const std::string& who, const char* phase, int rep, int total,
                          double seconds);

 private:
  void tick(const std::stop_token& stop);

  std::atomic<int> rep_{0};
  std::atomic<int> total_{0};
  bool terminal_;
  std::string who_;
  Stopwatch clock_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: starts once the members above exist
};

}  // namespace hpcp
