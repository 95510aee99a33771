#include "common/examples/lock_balance/spec.hpp"

#include <algorithm>

namespace hpcp::lock_balance {

Json Options::params() const {
  return {{"iterations", iterations},
          {"initial", initial},
          {"deposit_sleep_us", deposit_sleep_us},
          {"withdraw_sleep_us", withdraw_sleep_us},
          {"sync", name_of(sync)}};
}

namespace {
std::uint64_t part(std::uint64_t total, int index, int members) {
  const std::uint64_t m = static_cast<std::uint64_t>(members),
                      j = static_cast<std::uint64_t>(index);
  return total / m + (j < total % m ? 1 : 0);
}
}  // namespace

Share share_of(std::uint64_t iterations, int id, int workers) {
  if (workers <= 1) return {iterations, iterations};
  if (id % 2 == 0) return {part(iterations, id / 2, (workers + 1) / 2), 0};
  return {0, part(iterations, id / 2, workers / 2)};
}

std::int64_t closed_form(std::int64_t initial, std::uint64_t deposits, std::uint64_t withdrawals) {
  return initial + static_cast<std::int64_t>(deposits) - static_cast<std::int64_t>(withdrawals);
}

Output serial(const Options& opt) {
  // The EPCC reference: the same loop, unsynchronised, one load and one store
  // of the balance in memory per update (the asm keeps the compiler from
  // folding the loop into one add of --iterations).
  std::int64_t balance = opt.initial;
  for (std::uint64_t i = 0; i < opt.iterations; ++i) {
    pause_us(opt.deposit_sleep_us);
    balance = step(balance, +1);
    asm volatile("" : "+m"(balance));
  }
  for (std::uint64_t i = 0; i < opt.iterations; ++i) {
    pause_us(opt.withdraw_sleep_us);
    balance = step(balance, -1);
    asm volatile("" : "+m"(balance));
  }
  return {opt.initial, balance, opt.iterations, opt.iterations, 1};
}

void verify(const Options& opt, const Output& serial_out, const Output& par, Verdict& verdict) {
  const std::int64_t expected = closed_form(opt.initial, opt.iterations, opt.iterations);
  verdict.check(
      serial_out.final_balance == expected, "serial balance == initial + deposits - withdrawals",
      std::to_string(serial_out.final_balance) + ", expected " + std::to_string(expected));
  verdict.check(par.deposits == opt.iterations && par.withdrawals == opt.iterations,
                "every deposit and withdrawal ran once",
                std::to_string(par.deposits) + " deposits and " + std::to_string(par.withdrawals) +
                    " withdrawals, expected " + std::to_string(opt.iterations) + " each");
  const std::int64_t got = par.final_balance;
  if (opt.sync != Sync::none) {
    verdict.check(got == expected,
                  "balance == initial + deposits - withdrawals (closed form, = serial)",
                  std::to_string(got) + ", expected " + std::to_string(expected));
    return;
  }
  const std::int64_t lo = closed_form(opt.initial, 0, par.withdrawals),
                     hi = closed_form(opt.initial, par.deposits, 0);
  verdict.check(
      lo <= got && got <= hi, "--sync none: initial - withdrawals <= balance <= initial + deposits",
      std::to_string(got) + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

Json result_json(const Output& out) {
  return {{"initial", out.initial},
          {"final", out.final_balance},
          {"deposits", out.deposits},
          {"withdrawals", out.withdrawals}};
}

void print_notebook(std::ostream& os, const Output& out) { os << out.final_balance << '\n'; }

void describe(Report& report, const Options& opt, const Output& out,
              const std::string& worker_word) {
  const double updates = static_cast<double>(out.deposits + out.withdrawals);
  std::uint64_t busiest = 0;
  for (int id = 0; id < out.workers; ++id) {
    const Share s = share_of(opt.iterations, id, out.workers);
    busiest = std::max(busiest, s.deposits + s.withdrawals);
  }
  if (updates > 0) {
    report.metrics["ns_per_update"] = report.parallel.median * 1e9 / updates;
    report.metrics["ns_per_update_per_" + worker_word] =
        report.parallel.median * 1e9 / static_cast<double>(busiest);
    report.metrics["serial_ns_per_update"] = report.serial_seconds * 1e9 / updates;
  }
  const int depositors = out.workers <= 1 ? 1 : (out.workers + 1) / 2;
  const int withdrawers = out.workers <= 1 ? 1 : out.workers / 2;
  report.metrics["depositors"] = depositors;
  report.metrics["withdrawers"] = withdrawers;
  report.notes.push_back(
      out.workers <= 1 ? "one " + worker_word + ": it deposits, then withdraws (both roles in turn)"
                       : "even " + worker_word + "s deposit, odd " + worker_word +
                             "s withdraw, --iterations of each "
                             "kind split among them");
  report.notes.push_back(
      "ns_per_update = parallel time / all updates; ns_per_update_per_" + worker_word +
      " = parallel time / the busiest " + worker_word +
      "'s updates (EPCC: time per synchronised update as one worker sees it); "
      "serial: one thread, plain variable, no synchronisation" +
      (opt.deposit_sleep_us + opt.withdraw_sleep_us > 0
           ? "; these include the sleeps: --sleep-us 0 measures the synchronisation"
           : ""));
  if (opt.sync == Sync::none) {
    const std::int64_t drift =
        out.final_balance - closed_form(out.initial, out.deposits, out.withdrawals);
    report.metrics["drift"] = drift;
    report.metrics["lost_updates_at_least"] = drift < 0 ? -drift : drift;
    report.notes.push_back(
        "--sync none is the negative control: drift = final - (initial + deposits - withdrawals) "
        "= " +
        std::to_string(drift) +
        "; lost withdrawals push it up, lost deposits down, so at least |drift| "
        "updates were lost (data, not a failure)" +
        (drift == 0 && opt.deposit_sleep_us + opt.withdraw_sleep_us > 0
             ? "; with the notebook's sleeps the race window (nanoseconds) rarely meets: try "
               "--sleep-us 0"
             : ""));
  }
}

}  // namespace hpcp::lock_balance
