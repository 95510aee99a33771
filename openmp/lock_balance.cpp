// lock_balance, OpenMP — notebook cell "Lock: Racing condition".
//
// Pattern: a balance of 200 shared by a depositor (+1, --iterations times,
// sleeping 1 ms before each) and a withdrawer (-1 as often, sleeping 2 ms),
// each update under a lock. Threads share memory, so the balance is one plain
// std::int64_t of the parallel region. Constructs by --sync: omp_lock_t
// (omp_set_lock/omp_unset_lock: the notebook's lock.acquire/release), `omp
// critical`, `omp atomic`, or none: a deliberate data race (load, compiler
// barrier, store), the negative control ThreadSanitizer must flag and whose
// lost updates the report shows as data. Roles: even threads deposit, odd
// threads withdraw (a team of one does both in turn), `reduction(+)` counts them.
// Expected: "200". Benchmark (EPCC-style): --sleep-us 0 --iterations 1000000,
// ns per update for each --sync.
// Not ported: nothing is wrong in the cell; mp.Value("i") is 32 bits, ours 64.
#include "openmp/lock_balance.hpp"

#include <omp.h>

#include "common/core/driver.hpp"

namespace hpcp::omp::lock_balance {

namespace lb = hpcp::lock_balance;

namespace {
// `count` updates of `delta`, each after `sleep_us`, synchronised by S. One
// loop per kind, so the kind is not tested inside the timed loop.
template <Sync S>
std::uint64_t updates(std::int64_t& balance, omp_lock_t& lock, std::int64_t delta,
                      std::uint64_t count, std::uint64_t sleep_us, const Tracer& tracer,
                      std::uint64_t& next_item) {
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t id = 0;
    if (tracer.on()) {
#pragma omp atomic capture
      id = next_item++;
    }
    const ItemScope item(tracer, id);
    lb::pause_us(sleep_us);
    if constexpr (S == Sync::lock) {
      omp_set_lock(&lock);  // lock.acquire()
      balance = lb::step(balance, delta);
      omp_unset_lock(&lock);  // lock.release()
    } else if constexpr (S == Sync::critical) {
#pragma omp critical(lock_balance)
      balance = lb::step(balance, delta);
    } else if constexpr (S == Sync::atomic) {
#pragma omp atomic update
      balance += delta;
    } else {
      // The race, on purpose: read, then write back one step later. The
      // barriers keep the compiler from fusing the loop into one add, so
      // every update is a real load and store other threads can interleave.
      std::int64_t seen = balance;
      asm volatile("" ::: "memory");
      balance = lb::step(seen, delta);
      asm volatile("" ::: "memory");
    }
  }
  return count;
}

template <Sync S>
lb::Output team_run(const lb::Options& opt, const Tracer& tracer) {
  std::int64_t balance = opt.initial;  // mp.Value("i", 200)
  omp_lock_t lock;                     // mp.Lock()
  omp_init_lock(&lock);
  std::uint64_t deposits = 0, withdrawals = 0;
  int team = 1;
  std::uint64_t next_deposit = 0, next_withdrawal = opt.iterations;  // traced item ids
#pragma omp parallel reduction(+ : deposits, withdrawals)
  {
    const int id = omp_get_thread_num(), workers = omp_get_num_threads();
#pragma omp master
    team = workers;
    const lb::Share share = lb::share_of(opt.iterations, id, workers);
    deposits += updates<S>(balance, lock, +1, share.deposits, opt.deposit_sleep_us, tracer,
                           next_deposit);  // deposit()
    withdrawals += updates<S>(balance, lock, -1, share.withdrawals, opt.withdraw_sleep_us, tracer,
                              next_withdrawal);  // withdraw()
  }                                              // join
  omp_destroy_lock(&lock);
  return {opt.initial, balance, deposits, withdrawals, team};
}
}  // namespace

lb::Output run_balance(const lb::Options& opt, const Tracer& tracer) {
  switch (opt.sync) {
    case Sync::lock:
      return team_run<Sync::lock>(opt, tracer);
    case Sync::critical:
      return team_run<Sync::critical>(opt, tracer);
    case Sync::atomic:
      return team_run<Sync::atomic>(opt, tracer);
    case Sync::none:
      return team_run<Sync::none>(opt, tracer);
  }
  return {};
}

struct Example : lb::Spec<> {
  static constexpr std::string_view summary =
      "lock_balance (OpenMP): the notebook's deposit/withdraw race on a shared balance, as threads "
      "synchronised by omp_lock_t, critical, atomic, or nothing (the negative control)";

  Input make_input(const Context&) const { return {}; }
  Output parallel(const Input&, const Context& ctx) const {
    return run_balance(options, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    lb::describe(report, options, run.parallel, "thread");
  }
};

}  // namespace hpcp::omp::lock_balance

int hpcp_main(int argc, char** argv) {
  return hpcp::omp::run<hpcp::omp::lock_balance::Example>(argc, argv);
}
