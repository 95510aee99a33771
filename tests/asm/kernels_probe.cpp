// The timed per-item kernels, compiled alone so that check_kernels.py can read
// their assembly: each must still contain its loop (SPEC.md: clang folds the
// mapreduce loop into n(n-1)/2 unless it is kept honest, which would time nothing).
#include "common/kit/arithmetic.hpp"
#include "common/kit/fibonacci.hpp"

extern "C" std::uint64_t probe_compute(std::uint64_t n) { return hpcp::compute(n); }
extern "C" std::uint64_t probe_fib_u64(std::uint64_t v) { return hpcp::fib_u64(v).value_or(0); }
