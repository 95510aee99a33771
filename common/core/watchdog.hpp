// The --timeout watchdog: a thread that sleeps on a condition variable (no
// spinning) and, if the run outlives its deadline, names the phase it was
// stuck in and ends the process with exit code 124. Under MPI the launcher
// then takes the other ranks down, so nothing waits for ever.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace hpcp {

inline constexpr int exit_timeout = 124;

// SIGINT and SIGTERM end the run at once with "error: interrupted by SIGINT in
// phase '...'" and exit code 128 + signal, as a shell reports a signal death.
void install_signal_handlers() noexcept;

// From here on the run's exit status is settled (`code`): a SIGINT or SIGTERM
// then ends the process with that status and no message. Under MPI this is
// the launcher taking the job down because another rank has already exited
// non-zero with the one error line (a usage error, say); a second message
// from a rank still on its way out would only be noise.
void settle_exit(int code) noexcept;

// The phase the run is in. Takes string literals only (the pointer is kept).
void set_phase(const char* phase) noexcept;
const char* current_phase() noexcept;

class Watchdog {
 public:
  // seconds <= 0 disables it; `who` ("rank 3") is added to the message.
  Watchdog(double seconds, std::string who);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace hpcp
