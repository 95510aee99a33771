// The flags of square_cube. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/square_cube/spec.hpp"

namespace hpcp::square_cube {

void add_flags(CLI::App& app, Values& values) {
  add_num_array_flags(app, values, max_value,
                      "; at most 2642245, the largest n whose cube fits 64 bits", "2642245");
}

}  // namespace hpcp::square_cube
