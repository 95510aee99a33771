#pragma once
#include <mpi.h>

#include "common/core/trace.hpp"
#include "common/examples/lock_balance/spec.hpp"
#include "common/mpi/window.hpp"

namespace hpcp::mpi::lock_balance {

// The balance: one std::int64_t in an RMA window on rank 0 (MPI_Win_allocate,
// 8 bytes there, 0 bytes on the other ranks). Collective. Updated through MPI
// calls on the window and `home` on rank 0, so only a non-const Balance is.
struct Balance {
  Window win;
  std::int64_t* home = nullptr;  // rank 0: the balance itself
};
Balance make_balance(MPI_Comm comm);

// Collective: rank 0 sets the balance to opt.initial; every rank runs its
// share of deposits and withdrawals with opt.sync (not critical); rank 0
// returns the final balance and the summed counts.
// A `tracer` that is on sees each update (its sleep included): deposits are
// items 0..iterations-1 and withdrawals the next `iterations`, rank by rank.
hpcp::lock_balance::Output run_balance(const hpcp::lock_balance::Options& opt, Balance& balance,
                                       MPI_Comm comm, const Tracer& tracer = Tracer{});

std::optional<std::string> sync_problem(Sync sync);

}  // namespace hpcp::mpi::lock_balance
