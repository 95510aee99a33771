// lock_balance, MPI — notebook cell "Lock: Racing condition".
//
// Pattern: a balance of 200 shared by a depositor (+1, --iterations times,
// sleeping 1 ms before each) and a withdrawer (-1 as often, sleeping 2 ms),
// each update under a lock. Ranks share no memory, so the balance lives in an
// MPI-3 RMA window on rank 0 (MPI_Win_allocate) and every rank, rank 0
// included, updates it with passive-target one-sided calls, by --sync:
//   lock:   MPI_Win_lock(EXCLUSIVE, 0) / MPI_Get / MPI_Win_flush / MPI_Put /
//           MPI_Win_unlock: the notebook's lock.acquire ... release;
//   atomic: MPI_Fetch_and_op(MPI_SUM) + MPI_Win_flush in an MPI_Win_lock_all epoch;
//   none:   MPI_Get, flush, MPI_Put, flush in a shared epoch: the race (the
//           outcome is undefined by MPI; lost updates are reported as data);
//   critical is an OpenMP construct with no MPI counterpart (an exclusive
//           window lock is `lock`): refused with exit 2.
// Roles: even ranks deposit, odd ranks withdraw, --iterations of each split
// among them; one rank does both in turn. MPI_Reduce sums the counts.
// Expected: "200". Benchmark: --sleep-us 0, ns per update for each --sync.
// Not ported: nothing is wrong in the cell; mp.Value("i") is 32 bits, ours 64.
#include "mpi/lock_balance.hpp"

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::lock_balance {

namespace lb = hpcp::lock_balance;

// Refused by the --sync flag itself (and so not offered by --help).
constexpr std::string_view critical_refusal =
    "an OpenMP construct with no MPI counterpart; under MPI use --sync lock "
    "(MPI_Win_lock exclusive, the same mutual exclusion) or atomic";

std::optional<std::string> sync_problem(Sync sync) {
  if (sync != Sync::critical) return std::nullopt;
  return "--sync critical: " + std::string(critical_refusal);
}

Balance make_balance(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  Balance b;
  MPI_Win w = MPI_WIN_NULL;
  const MPI_Aint bytes = rank == 0 ? sizeof(std::int64_t) : 0;
  const int rc = MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, comm, &b.home, &w);
  // The library may have no one-sided component for these ranks (Open MPI 4
  // between nodes with osc restricted to rdma): every rank learns it alike.
  int failed = rc == MPI_SUCCESS ? 0 : 1, any_failed = 0;
  check(MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, comm), "MPI_Allreduce");
  if (any_failed != 0) {
    if (w != MPI_WIN_NULL) MPI_Win_free(&w);
    throw UsageError(
        "MPI_Win_allocate: this MPI library has no one-sided (RMA) component for these ranks"
#if defined(OPEN_MPI) && OPEN_MPI
        "; with Open MPI 4 between nodes without an RDMA network allow osc/ucx "
        "(mpirun --mca osc ucx, or OMPI_MCA_osc=^pt2pt)"
#endif
    );
  }
  b.win = Window(w);
  if (rank != 0) b.home = nullptr;
  return b;
}

namespace {
constexpr int home = 0;  // the rank holding the balance

// `count` updates of `delta`, each after `sleep_us`, synchronised by `sync`.
std::uint64_t updates(Sync sync, MPI_Win win, std::int64_t delta, std::uint64_t count,
                      std::uint64_t sleep_us, const Tracer& tracer, std::uint64_t first_item) {
  std::int64_t seen = 0, old = 0;
  switch (sync) {
    case Sync::lock:
      for (std::uint64_t i = 0; i < count; ++i) {
        const ItemScope item(tracer, first_item + i);
        lb::pause_us(sleep_us);
        check(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, home, 0, win), "MPI_Win_lock");  // lock.acquire()
        check(MPI_Get(&seen, 1, MPI_INT64_T, home, 0, 1, MPI_INT64_T, win), "MPI_Get");
        check(MPI_Win_flush(home, win), "MPI_Win_flush");
        const std::int64_t next = lb::step(seen, delta);
        check(MPI_Put(&next, 1, MPI_INT64_T, home, 0, 1, MPI_INT64_T, win), "MPI_Put");
        check(MPI_Win_unlock(home, win), "MPI_Win_unlock");  // lock.release(): the Put completes
      }
      return count;
    case Sync::atomic:
    case Sync::none:
      check(MPI_Win_lock_all(MPI_MODE_NOCHECK, win), "MPI_Win_lock_all");
      for (std::uint64_t i = 0; i < count; ++i) {
        const ItemScope item(tracer, first_item + i);
        lb::pause_us(sleep_us);
        if (sync == Sync::atomic) {
          check(MPI_Fetch_and_op(&delta, &old, MPI_INT64_T, home, 0, MPI_SUM, win),
                "MPI_Fetch_and_op");
          check(MPI_Win_flush(home, win), "MPI_Win_flush");
        } else {  // the race: another rank may Put between our Get and Put
          check(MPI_Get(&seen, 1, MPI_INT64_T, home, 0, 1, MPI_INT64_T, win), "MPI_Get");
          check(MPI_Win_flush(home, win), "MPI_Win_flush");
          const std::int64_t next = lb::step(seen, delta);
          check(MPI_Put(&next, 1, MPI_INT64_T, home, 0, 1, MPI_INT64_T, win), "MPI_Put");
          check(MPI_Win_flush(home, win), "MPI_Win_flush");
        }
      }
      check(MPI_Win_unlock_all(win), "MPI_Win_unlock_all");
      return count;
    case Sync::critical:
      throw UsageError(*sync_problem(sync));  // refused by validate() before any run
  }
  return 0;
}

// Rank 0 reads or writes its own window memory inside an exclusive epoch.
std::int64_t access_home(Balance& b, std::optional<std::int64_t> value) {
  check(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, home, 0, b.win.get()), "MPI_Win_lock");
  if (value) *b.home = *value;
  const std::int64_t now = *b.home;
  check(MPI_Win_unlock(home, b.win.get()), "MPI_Win_unlock");
  return now;
}
}  // namespace

lb::Output run_balance(const lb::Options& opt, Balance& b, MPI_Comm comm, const Tracer& tracer) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (rank == home) access_home(b, opt.initial);  // balance = mp.Value("i", 200)
  check(MPI_Barrier(comm), "MPI_Barrier");        // every rank starts from it
  const lb::Share share = lb::share_of(opt.iterations, rank, size);
  lb::Share before;  // the lower ranks' updates: where this rank's item ids start
  for (int r = 0; r < rank; ++r) {
    before.deposits += lb::share_of(opt.iterations, r, size).deposits;
    before.withdrawals += lb::share_of(opt.iterations, r, size).withdrawals;
  }
  std::uint64_t counts[2] = {
      updates(opt.sync, b.win.get(), +1, share.deposits, opt.deposit_sleep_us, tracer,
              before.deposits),
      updates(opt.sync, b.win.get(), -1, share.withdrawals, opt.withdraw_sleep_us, tracer,
              opt.iterations + before.withdrawals)};
  std::uint64_t totals[2] = {0, 0};
  check(MPI_Reduce(counts, totals, 2, MPI_UINT64_T, MPI_SUM, home, comm), "MPI_Reduce");
  check(MPI_Barrier(comm), "MPI_Barrier");  // join: every update has completed at the target
  lb::Output out{opt.initial, 0, totals[0], totals[1], size};
  if (rank == home) out.final_balance = access_home(b, std::nullopt);  // print(balance.value)
  return out;
}

struct Example : lb::Spec<Balance> {
  static constexpr std::string_view summary =
      "lock_balance (MPI): the notebook's deposit/withdraw race on a shared balance, as ranks "
      "updating an RMA window on rank 0 under MPI_Win_lock, with MPI_Fetch_and_op, or "
      "unsynchronised";
  static constexpr bool one_sided = true;  // the balance is an RMA window on rank 0

  void add_flags(CLI::App& app) { options.add_flags(app, {{Sync::critical, critical_refusal}}); }
  std::optional<std::string> validate(const CommonOptions&) const {
    return sync_problem(options.sync);
  }
  Input make_input(const Context& ctx) const { return make_balance(ctx.comm); }
  Output parallel(Input& in, const Context& ctx) const {
    return run_balance(options, in, ctx.comm, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const {
    lb::describe(report, options, run.parallel, "rank");
    report.notes.push_back(
        "the balance is an 8-byte MPI window on rank 0; every update is "
        "one-sided (rank 0 updates it through the same calls)");
  }
};

}  // namespace hpcp::mpi::lock_balance

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::lock_balance::Example>(argc, argv);
}
