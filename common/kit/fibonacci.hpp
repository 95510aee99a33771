// Exact Fibonacci numbers. F(v) follows the notebook's loop (a, b = b, a + b,
// v times); F(93) is the largest that fits std::uint64_t, beyond it the value
// is a GMP integer (Boost.Multiprecision's mpz_int). Never a wrapped number.
#pragma once

#include <boost/multiprecision/gmp.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hpcp {

// GMP through Boost's front end: `a += b` is one mpz_add(a, a, b) in place and
// swap() an mpz_swap, so each step of the loop allocates nothing but a's growth
// (F(30000) by the loop on one core: 1.6-2.3 ms, Boost's own cpp_int 5.4-5.8 ms).
using BigUInt = boost::multiprecision::mpz_int;

inline constexpr std::uint64_t max_fib_u64_index = 93;

// The notebook's loop in 64 bits; nullopt where F(v) does not fit.
std::optional<std::uint64_t> fib_u64(std::uint64_t v) noexcept;

// The notebook's loop, exact for every v: 64-bit while it fits, then big.
BigUInt fib(std::uint64_t v);
// fib(v) into `out`, in the storage it holds: no allocation for v <= 93 once
// `out` has a limb (the hand-off benchmarks' light items).
void fib_into(BigUInt& out, std::uint64_t v);

// fib(v) with a break every `stride` iterations of the big-integer loop, in
// which `pause()` runs: a master that consumes items itself answers its
// workers from there instead of making them wait out a whole item. Compiled
// once, in fibonacci.cpp, with fib(): the timed loop is the same machine code
// for every caller (inlined into mpi/producer_consumer.cpp it ran at half the
// speed of fib()).
BigUInt fib_pausing(std::uint64_t v, std::uint64_t stride, const std::function<void()>& pause);

// An independent oracle: fast doubling, O(log v) big multiplications.
BigUInt fib_fast_doubling(std::uint64_t v);

// JSON for an exact integer: a number while it fits 64 bits, else a decimal string.
nlohmann::ordered_json exact_json(const BigUInt& value);

}  // namespace hpcp
