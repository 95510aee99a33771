// Reproducible random inputs: the same seed gives the same values on every
// platform (a fixed engine and our own unbiased bounded draw, since the
// standard distributions are implementation-defined).
#pragma once

#include <cstdint>
#include <vector>

namespace hpcp {

// `count` values uniform in [lo, hi], from std::mt19937_64 seeded with `seed`.
std::vector<std::uint64_t> uniform_values(std::size_t count, std::uint64_t lo, std::uint64_t hi,
                                          std::uint64_t seed);

}  // namespace hpcp
