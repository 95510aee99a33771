// The flags of mapreduce. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/mapreduce/spec.hpp"
#include "common/kit/arithmetic.hpp"

namespace hpcp::mapreduce {

void add_flags(CLI::App& app, std::uint64_t& n) {
  add_integer_flag(app, "--n", n, 0, mapreduce_max_n(),
                   "map compute() over range(N) (default 10000, the notebook)", "N");
}

}  // namespace hpcp::mapreduce
