#include "common/core/watchdog.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hpcp {
namespace {
std::atomic<const char*> g_phase{"start-up"};
constexpr int unsettled = -1;
std::atomic<int> g_settled{unsettled};
static_assert(std::atomic<int>::is_always_lock_free, "read in a signal handler");
}  // namespace

namespace {
void on_signal(int sig) {
  // Only async-signal-safe calls here: lock-free atomics, write(2) and _exit(2).
  if (const int code = g_settled.load(); code != unsettled) ::_exit(code);
  const char* name = sig == SIGINT ? "SIGINT" : "SIGTERM";
  const char* parts[] = {"error: interrupted by ", name, " in phase '", current_phase(), "'\n"};
  for (const char* p : parts) {
    const ssize_t ignored = ::write(STDERR_FILENO, p, std::strlen(p));
    (void)ignored;
  }
  ::_exit(128 + sig);
}
}  // namespace

void install_signal_handlers() noexcept {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void settle_exit(int code) noexcept { g_settled.store(code); }

void set_phase(const char* phase) noexcept { g_phase.store(phase, std::memory_order_relaxed); }
const char* current_phase() noexcept { return g_phase.load(std::memory_order_relaxed); }

Watchdog::Watchdog(double seconds, std::string who) {
  if (seconds <= 0) return;
  thread_ = std::thread([this, seconds, who = std::move(who)] {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    if (wake_.wait_until(lock, deadline, [this] { return done_; })) return;
    std::fprintf(stderr, "error: --timeout: still running after %g s, stuck in phase '%s'%s%s\n",
                 seconds, current_phase(), who.empty() ? "" : " on ", who.c_str());
    std::fflush(stderr);
    std::_Exit(exit_timeout);
  });
}

Watchdog::~Watchdog() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace hpcp
