// lock_balance under MPI at whatever rank count mpiexec gives: the balance
// in rank 0's window ends exactly at the closed form under lock and atomic,
// within the racy bounds under none, every update counted once; no updates,
// one update, more ranks than updates; the window reused run after run;
// critical refused.
#define BOOST_TEST_MODULE mpi_lock_balance
#include "mpi_fixture.hpp"

#include "common/core/driver.hpp"
#include "common/examples/lock_balance/spec.hpp"
#include "mpi/lock_balance.hpp"

#include <thread>

using namespace hpcp;
namespace lb = hpcp::lock_balance;
namespace ml = hpcp::mpi::lock_balance;

// MPICH's passive-target RMA (ch4:ucx) needs the target rank on a CPU to answer
// each lock and flush; with more ranks than CPUs (CTest's 3 and 4 ranks on a 2-core
// machine) each round trip to it mostly waits for a time slice, about 2 ms (an
// update: 2 ms atomic, 4 ms none, 8 ms lock), where Open MPI's osc/sm updates the
// window in shared memory in microseconds: the large count shrinks there so the
// test stays seconds long.
std::uint64_t large_count() {
#if defined(MPICH)
  if (test::size() > static_cast<int>(std::thread::hardware_concurrency())) return 200;
#endif
  return 1000;
}

BOOST_AUTO_TEST_CASE(every_kind_at_every_size) {
  auto balance = ml::make_balance(MPI_COMM_WORLD);
  bool ok = true;
  for (Sync sync : {Sync::lock, Sync::atomic, Sync::none})
    for (std::uint64_t it : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{3}, large_count()}) {
      lb::Options opt;
      opt.sync = sync;
      opt.iterations = it;
      opt.initial = it == 3 ? -11 : 200;
      opt.deposit_sleep_us = opt.withdraw_sleep_us = 0;
      const auto out = ml::run_balance(opt, balance, MPI_COMM_WORLD);
      if (test::rank() == 0) {
        Verdict v;
        lb::verify(opt, lb::serial(opt), out, v);
        ok = ok && v.ok() && out.workers == test::size();
        if (sync != Sync::none) ok = ok && out.final_balance == opt.initial;
      }
    }
  lb::Options opt;  // the notebook's shape, sleeps shortened
  opt.iterations = 10;
  opt.deposit_sleep_us = 100;
  opt.withdraw_sleep_us = 200;
  const auto out = ml::run_balance(opt, balance, MPI_COMM_WORLD);
  if (test::rank() == 0)
    ok = ok && out.final_balance == 200 && out.deposits == 10 && out.withdrawals == 10;
  BOOST_TEST(test::all_ranks(ok));
}

BOOST_AUTO_TEST_CASE(critical_is_refused) {
  BOOST_TEST(ml::sync_problem(Sync::critical).has_value());
  BOOST_TEST(!ml::sync_problem(Sync::lock).has_value());
  BOOST_TEST(!ml::sync_problem(Sync::none).has_value());
}
