// What the example modules need of the command line without CLI11 itself: the
// common options, the App, declared, for their flag adders (defined in flags.cpp), and the list
// parser. CLI11 is header-only and costs about ten seconds of compile time in
// every translation unit that includes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "variants.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace hpcp {

struct CommonOptions {
  bool json = false;
  bool csv = false;
  bool quiet = false;
  int repeat = 1;
  std::uint64_t seed = 42;
  int threads = 0;        // 0: take OMP_NUM_THREADS / the runtime default
  double timeout = 600.0; // seconds; 0 disables the watchdog
};

// Parse a comma-separated list of unsigned integers (already validated).
std::vector<std::uint64_t> parse_unsigned_list(const std::string& text);

}  // namespace hpcp
