// lock_balance, shared by both models: the sync kinds, the flags, who
// deposits and who withdraws, one balance step, the serial baseline, the
// closed form, verification, result JSON, the notebook print-out and the
// EPCC-style figures (ns per update).
//
// Workers (threads or ranks): one worker deposits, then withdraws (both
// roles in turn); with W >= 2 the even workers share the --iterations
// deposits and the odd workers the --iterations withdrawals, in blocks. The
// totals stay the notebook's at any worker count, so the closed form is
// final = initial + iterations - iterations = initial (200 by default).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"

namespace hpcp {

enum class Sync { lock, critical, atomic, none };
inline constexpr std::array<Choice<Sync>, 4> sync_table{{
    {Sync::lock, "lock",
     "the notebook's Lock: omp_lock_t (OpenMP), MPI_Win_lock exclusive around MPI_Get/MPI_Put "
     "(MPI)"},
    {Sync::critical, "critical", "omp critical (OpenMP only; MPI has no such construct: use lock)"},
    {Sync::atomic, "atomic", "omp atomic (OpenMP), MPI_Fetch_and_op with MPI_SUM (MPI)"},
    {Sync::none, "none",
     "negative control: unsynchronised read-modify-write (a real data race); lost updates are "
     "reported as data, not as a failure"},
}};
constexpr const auto& choices(Sync) { return sync_table; }

namespace lock_balance {

inline constexpr std::uint64_t max_iterations = 1000000000000;  // 10^12
inline constexpr std::int64_t max_initial = 1000000000000000;   // |initial| <= 10^15: no overflow
inline constexpr std::uint64_t max_sleep_us = 1000000;          // 1 s

struct Options {
  std::int64_t initial = 200;
  std::uint64_t iterations = 100;
  std::uint64_t deposit_sleep_us = 1000;   // time.sleep(0.001)
  std::uint64_t withdraw_sleep_us = 2000;  // time.sleep(0.002)
  Sync sync = Sync::lock;

  // `refused`: the sync kinds the model cannot run (not offered in --help).
  void add_flags(CLI::App& app, const std::vector<RefusedChoice<Sync>>& refused = {});
  Json params() const;
};

// One balance step, the per-item arithmetic of every model.
inline constexpr std::int64_t step(std::int64_t balance, std::int64_t delta) noexcept {
  return balance + delta;
}

// time.sleep before each update; 0 skips the call (benchmark mode).
inline void pause_us(std::uint64_t us) {
  if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
}

// What worker `id` of `workers` does.
struct Share {
  std::uint64_t deposits = 0, withdrawals = 0;
};
Share share_of(std::uint64_t iterations, int id, int workers);

// What a run did: updates counted by the workers themselves, the balance read
// after every worker finished.
struct Output {
  std::int64_t initial = 0, final_balance = 0;
  std::uint64_t deposits = 0, withdrawals = 0;
  int workers = 1;
};

// initial + deposits - withdrawals (exact: the flags' bounds keep it in 64 bits).
std::int64_t closed_form(std::int64_t initial, std::uint64_t deposits, std::uint64_t withdrawals);

// Serial baseline: one worker deposits --iterations times, then withdraws as
// often, with the same sleeps, on a plain variable.
Output serial(const Options& opt);

// Counts equal --iterations; serial final == closed form; synchronised runs
// give the closed form exactly; --sync none only what a race cannot break:
// initial - withdrawals <= final <= initial + deposits (each write is one
// step from a value some worker read). Its drift is noted, not failed.
void verify(const Options& opt, const Output& serial, const Output& parallel, Verdict& verdict);

// {"initial": 200, "final": 200, "deposits": 100, "withdrawals": 100}
Json result_json(const Output& out);

// The notebook prints the balance alone: "200".
void print_notebook(std::ostream& os, const Output& out);

// ns per update (EPCC style: the timed loop over updates, one sync kind per
// run), lost updates under --sync none. `worker_word`: "thread" or "rank".
void describe(Report& report, const Options& opt, const Output& out,
              const std::string& worker_word);

// What both models' Example share (core/example.hpp). The Input is the
// model's: nothing under OpenMP (the balance is a variable of the parallel
// region), the RMA window holding it under MPI.
struct NoInput {};
template <class In = NoInput>
struct Spec {
  static constexpr std::string_view name = "lock_balance";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "one deposit (items 0..I-1) or withdrawal (items I..2I-1), its sleep and its update";
  using Input = In;
  using Output = lock_balance::Output;
  using Run = hpcp::Run<Input, Output>;

  Options options;

  void add_flags(CLI::App& app) { options.add_flags(app); }
  Json params() const { return options.params(); }
  Output serial(const Input& /*in*/) const { return lock_balance::serial(options); }
  void verify(const Run& run, Verdict& v) const {
    lock_balance::verify(options, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.parallel); }
  void print_notebook(std::ostream& os, const Run& run) const {
    lock_balance::print_notebook(os, run.parallel);
  }
};

}  // namespace lock_balance
}  // namespace hpcp
