#pragma once
#include "common/examples/lock_balance/spec.hpp"

namespace hpcp::omp::lock_balance {
// The notebook's deposit and withdraw processes as threads of one team
// updating one shared balance with opt.sync; returns what they did.
hpcp::lock_balance::Output run_balance(const hpcp::lock_balance::Options& opt);
}  // namespace hpcp::omp::lock_balance
