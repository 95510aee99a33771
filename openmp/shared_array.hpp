#pragma once
#include <Eigen/Core>

#include "common/examples/shared_array/spec.hpp"

namespace hpcp::omp::shared_array {
// The arrays of one run: num_array and mp.Array("d", n), both Eigen::ArrayXd.
// first_touch() allocates them uninitialised and lets the static schedule of
// square_all() touch the pages first (values written, squares poisoned NaN),
// so each thread's block lives on its own NUMA node.
struct Arrays {
  Eigen::ArrayXd values;
  Eigen::ArrayXd squares;
};
Arrays first_touch(const hpcp::shared_array::Values& values);

// squares[i] = square(values[i]) by `omp parallel for simd schedule(static)`.
void square_all(const Eigen::ArrayXd& values, Eigen::ArrayXd& squares);
}  // namespace hpcp::omp::shared_array
