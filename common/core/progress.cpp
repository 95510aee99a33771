#include "common/core/progress.hpp"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "common/core/watchdog.hpp"

namespace hpcp {
namespace {
constexpr double quiet_seconds = 2.0;  // nothing is shown before
constexpr auto terminal_period = std::chrono::milliseconds(250);
constexpr auto plain_period = std::chrono::seconds(2);
}  // namespace

Progress::Progress(bool enabled, bool terminal, std::string who)
    : terminal_(terminal), who_(std::move(who)) {
  if (enabled) thread_ = std::jthread([this](const std::stop_token& stop) { tick(stop); });
}

Progress::~Progress() { stop(); }

void Progress::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();  // wakes the wait below through its stop_token
  thread_.join();
}

std::string Progress::line(const std::string& who, const char* phase, int rep, int total,
                           double seconds) {
  std::ostringstream os;
  os << who << ": " << phase;
  if (rep > 0) {
    os << ", repetition " << rep << '/';
    if (total == auto_total)
      os << "auto";
    else
      os << total;
  }
  os << ", " << std::fixed << std::setprecision(1) << seconds << " s elapsed";
  return os.str();
}

void Progress::tick(const std::stop_token& stop) {
  bool shown = false;
  std::unique_lock lock(mutex_);
  while (true) {
    // Returns early only when stop is requested (the predicate never holds).
    wake_.wait_for(lock, stop, terminal_ ? std::chrono::nanoseconds(terminal_period) : plain_period,
                   [] { return false; });
    if (stop.stop_requested()) break;
    const double seconds = clock_.seconds();
    if (seconds < quiet_seconds) continue;
    const std::string text = line(who_, current_phase(), rep_.load(std::memory_order_relaxed),
                                  total_.load(std::memory_order_relaxed), seconds);
    if (terminal_)
      std::fprintf(stderr, "\r%s\033[K", text.c_str());
    else
      std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
    shown = true;
  }
  if (terminal_ && shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

}  // namespace hpcp
