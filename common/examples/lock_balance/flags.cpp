// The flags of lock_balance. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/lock_balance/spec.hpp"

namespace hpcp::lock_balance {

void Options::add_flags(CLI::App& app, const std::vector<RefusedChoice<Sync>>& refused) {
  add_integer_flag(
      app, "--iterations", iterations, 0, max_iterations,
      "updates of each kind: deposits of +1 and withdrawals of -1 (default 100, the notebook's)",
      "N");
  add_integer_flag(app, "--initial", initial, -max_initial, max_initial,
                   "the balance before any update (default 200, mp.Value(\"i\", 200))", "B");
  auto* dep = add_integer_flag(
      app, "--deposit-sleep-us", deposit_sleep_us, 0, max_sleep_us,
      "sleep before each deposit, microseconds (default 1000: time.sleep(0.001))", "US");
  auto* wd = add_integer_flag(
      app, "--withdraw-sleep-us", withdraw_sleep_us, 0, max_sleep_us,
      "sleep before each withdrawal, microseconds (default 2000: time.sleep(0.002))", "US");
  app.add_option_function<std::uint64_t>(
         "--sleep-us",
         [this](std::uint64_t us) {
           deposit_sleep_us = us;
           withdraw_sleep_us = 2 * us;
         },
         "deposit sleep US, withdrawal sleep 2*US, as common/examples/lock_balance/notebook.py "
         "(0: benchmark mode, no sleeps)")
      ->transform(unsigned_in(0, max_sleep_us / 2))
      ->type_name("US")
      ->excludes(dep)
      ->excludes(wd);
  add_choice(app, "--sync", sync, "how the updates of the shared balance are synchronised",
             refused);
}

}  // namespace hpcp::lock_balance
