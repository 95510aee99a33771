#include "common/kit/fibonacci.hpp"

#include <limits>
#include <stdexcept>

namespace hpcp {

std::optional<std::uint64_t> fib_u64(std::uint64_t v) noexcept {
  if (v > max_fib_u64_index) return std::nullopt;
  std::uint64_t a = 0, b = 1;
  for (std::uint64_t i = 0; i < v; ++i) {
    const std::uint64_t next = a + b;  // cannot wrap: F(94) is never formed for v <= 93
    a = b;
    b = next;
  }
  return a;
}

BigUInt fib(std::uint64_t v) {  // one stretch: no break
  return fib_pausing(v, std::numeric_limits<std::uint64_t>::max(), {});
}

void fib_into(BigUInt& out, std::uint64_t v) {
  if (auto small = fib_u64(v))
    out = *small;  // mpz_set_ui
  else
    out = fib(v);
}

BigUInt fib_pausing(std::uint64_t v, std::uint64_t stride, const std::function<void()>& pause) {
  if (stride == 0) throw std::invalid_argument("fib_pausing: stride must be at least 1");
  if (auto small = fib_u64(v)) return BigUInt(*small);
  // Continue the same loop in big integers from F(92), F(93).
  BigUInt a = *fib_u64(max_fib_u64_index - 1), b = *fib_u64(max_fib_u64_index);
  for (std::uint64_t i = max_fib_u64_index; i < v;) {
    const std::uint64_t stop = v - i > stride ? i + stride : v;
    for (; i < stop; ++i) {
      a += b;      // mpz_add(a, a, b): in place, no temporary
      swap(a, b);  // mpz_swap: pointers only
    }
    if (i < v) pause();
  }
  return b;
}

BigUInt fib_fast_doubling(std::uint64_t v) {
  // F(2k) = F(k) (2 F(k+1) - F(k)),  F(2k+1) = F(k)^2 + F(k+1)^2
  BigUInt a = 0, b = 1;  // F(k), F(k+1) with k built from the top bit down
  for (int bit = 63; bit >= 0; --bit) {
    BigUInt c = a * (2 * b - a);
    BigUInt d = a * a + b * b;
    if ((v >> bit) & 1U) {
      a = d;
      b = c + d;
    } else {
      a = std::move(c);
      b = std::move(d);
    }
  }
  return a;
}

nlohmann::ordered_json exact_json(const BigUInt& value) {
  if (value <= std::numeric_limits<std::uint64_t>::max()) return value.convert_to<std::uint64_t>();
  return value.str();
}

}  // namespace hpcp
