#include "common/core/rng.hpp"

#include <random>
#include <stdexcept>

namespace hpcp {

std::vector<std::uint64_t> uniform_values(std::size_t count, std::uint64_t lo, std::uint64_t hi,
                                          std::uint64_t seed) {
  if (lo > hi) throw std::invalid_argument("uniform_values: lo > hi");
  std::mt19937_64 engine(seed);
  const std::uint64_t span = hi - lo;  // draw in [0, span]
  std::vector<std::uint64_t> out(count);
  for (auto& v : out) {
    if (span == UINT64_MAX) {
      v = engine();
      continue;
    }
    // Rejection sampling: accept only draws below the largest multiple of span+1.
    const std::uint64_t range = span + 1;
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
    std::uint64_t x;
    do x = engine();
    while (x > limit);
    v = lo + x % range;
  }
  return out;
}

}  // namespace hpcp
