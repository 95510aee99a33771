#include "common/core/driver.hpp"

#include <omp.h>

namespace hpcp::omp {

int apply_thread_request(const CommonOptions& opt) {
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  return openmp_team_size();
}

}  // namespace hpcp::omp
