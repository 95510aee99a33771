// The block partition, written once: n items over `parts` workers, the first
// n % parts blocks one longer (OpenMP's static schedule and MPI's usual block
// distribution).
#pragma once

#include <algorithm>
#include <cstdint>

namespace hpcp {

struct BlockRange {
  std::uint64_t lo = 0;     // first item
  std::uint64_t count = 0;  // items in the block
  constexpr std::uint64_t hi() const { return lo + count; }
};

// Worker `index`'s block of n items split into `parts` blocks (0 <= index < parts).
constexpr BlockRange block_range(std::uint64_t n, std::uint64_t index, std::uint64_t parts) {
  const std::uint64_t base = n / parts, extra = n % parts;
  return {index * base + std::min(index, extra), base + (index < extra ? 1 : 0)};
}

}  // namespace hpcp
