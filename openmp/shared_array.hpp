#pragma once
#include <Eigen/Core>
#include <span>

#include "common/core/trace.hpp"
#include "common/examples/shared_array/spec.hpp"

namespace hpcp::omp::shared_array {
// The storage of one run: num_array and mp.Array("d", n), both Eigen::ArrayXd.
struct Arrays {
  Eigen::ArrayXd values;
  Eigen::ArrayXd squares;
};
using Input = hpcp::shared_array::Input<Arrays>;

// Allocates the arrays uninitialised and lets the static schedule of
// square_all() touch the pages first (values written, squares poisoned NaN),
// so each thread's block lives on its own NUMA node; the Input views them whole.
Input first_touch(const hpcp::shared_array::Values& values);

// squares[i] = square(values[i]) by `omp parallel for simd schedule(static)`.
// A `tracer` that is on sees chunks of trace_chunk(n) elements (item c: the
// c-th chunk), taken one at a time by the team (schedule(dynamic, 1)).
void square_all(std::span<const double> values, std::span<double> squares,
                const Tracer& tracer = Tracer{});
}  // namespace hpcp::omp::shared_array
