#include "common/kit/arithmetic.hpp"

#include <limits>

namespace hpcp {
namespace {
__extension__ using U128 = unsigned __int128;
}

std::optional<std::uint64_t> mapreduce_total_closed_form(std::uint64_t n) noexcept {
  if (n < 3) return 0;
  if (n >= (std::uint64_t{1} << 24)) return std::nullopt;  // keeps n^3 inside 128 bits
  const U128 total = static_cast<U128>(n) * (n - 1) * (n - 2) / 6;
  if (total > std::numeric_limits<std::uint64_t>::max()) return std::nullopt;
  return static_cast<std::uint64_t>(total);
}

std::uint64_t mapreduce_max_n() noexcept {
  std::uint64_t lo = 3, hi = std::uint64_t{1} << 24;  // 2^72/6 overflows: the answer is below hi
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (mapreduce_total_closed_form(mid) ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace hpcp
