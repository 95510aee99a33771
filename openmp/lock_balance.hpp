#pragma once
#include "common/core/trace.hpp"
#include "common/examples/lock_balance/spec.hpp"

namespace hpcp::omp::lock_balance {
// The notebook's deposit and withdraw processes as threads of one team
// updating one shared balance with opt.sync; returns what they did.
// A `tracer` that is on sees each update (its sleep included): deposits are
// items 0..iterations-1, withdrawals the next `iterations`, in the order taken.
hpcp::lock_balance::Output run_balance(const hpcp::lock_balance::Options& opt,
                                       const Tracer& tracer = Tracer{});
}  // namespace hpcp::omp::lock_balance
