// The flags of result_queue. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/result_queue/spec.hpp"

namespace hpcp::result_queue {

void add_flags(CLI::App& app, std::uint64_t& n, std::uint64_t& work) {
  add_integer_flag(app, "--n", n, 0, max_n,
                   "put n*n for n = 1..N into the queue (default 4, the notebook)", "N");
  add_integer_flag(app, "--work", work, 0, max_work,
                   "extra steps of compute() per item, to make items heavy (default 0: n*n only)",
                   "W");
  set_footer(app,
             "Light items (hand-off throughput, items/s): --n 1000000. Heavy items (speedup): "
             "--n 20000 --work 100000 (each item runs 100000 steps of the compute() loop).");
}

}  // namespace hpcp::result_queue
