// The per-item work of the examples, written once: serial baselines and both
// parallel models call these, so their arithmetic is identical and exact
// comparison is fair.
#pragma once

#include <cstdint>
#include <optional>

namespace hpcp {

// Keep a value in a register the optimiser must treat as unknown. Without it
// clang folds compute() into n(n-1)/2 and the benchmark would time nothing.
// (tests/asm/check_kernels.py defines HPCP_NO_OPAQUE_FOR_ASM_CHECK to show the fold.)
template <class T>
inline void opaque([[maybe_unused]] T& value) noexcept {
#ifndef HPCP_NO_OPAQUE_FOR_ASM_CHECK
  asm volatile("" : "+r"(value));
#endif
}

// mapreduce: the notebook's compute(n) = sum of i for i < n, one add per step.
inline std::uint64_t compute(std::uint64_t n) noexcept {
  std::uint64_t temp = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    temp += i;
    opaque(temp);
  }
  return temp;
}

// Closed forms, the oracles: sum_{i<n} i and sum_{k<N} sum_{i<k} i.
inline constexpr std::uint64_t compute_closed_form(std::uint64_t n) noexcept {
  return n < 2 ? 0 : (n % 2 == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2));
}
// Total of compute(k) for k in [0, N): N(N-1)(N-2)/6, or nullopt on overflow.
std::optional<std::uint64_t> mapreduce_total_closed_form(std::uint64_t n) noexcept;

// Largest N whose mapreduce total still fits 64 bits.
std::uint64_t mapreduce_max_n() noexcept;

}  // namespace hpcp
