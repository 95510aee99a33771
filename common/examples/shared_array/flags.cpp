// The flags of shared_array. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/shared_array/spec.hpp"

namespace hpcp::shared_array {

void add_flags(CLI::App& app, Values& values) {
  add_num_array_flags(app, values, max_value, "", "2^53");
}

}  // namespace hpcp::shared_array
