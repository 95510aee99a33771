#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/square_cube/spec.hpp"

namespace hpcp::omp::square_cube {
// Values per task of the taskloop variant.
inline constexpr std::size_t grain = 16384;

// squares[i] = values[i]^2 and cubes[i] = values[i]^3 as two tasks at once,
// with `construct`; returns the items (squares + cubes) each thread of the
// team computed. A `tracer` that is on (--trace, --pace-us) sees each value:
// square i is item i, cube i item n + i.
std::vector<std::uint64_t> square_and_cube(TaskConstruct construct,
                                           std::span<const std::uint64_t> values,
                                           std::span<std::uint64_t> squares,
                                           std::span<std::uint64_t> cubes,
                                           const Tracer& tracer = Tracer{});
}  // namespace hpcp::omp::square_cube
