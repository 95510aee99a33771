// main() of every example binary: the example's own file defines hpcp_main
// (declared in driver.hpp, repeated here so that this file stays free of CLI11).
#include "common/core/cli_fwd.hpp"

int hpcp_main(int argc, char** argv);

namespace {
// libgomp reads the OMP_* variables in its constructor, when it is loaded, and
// greets an invalid value with a blank line and "libgomp: Invalid value for
// environment variable OMP_NUM_THREADS" on stderr before our main can say
// anything. The functions of an executable's .preinit_array run before the
// constructor of any shared library, so this one hides such a value from the
// runtime; the driver then refuses it with our own error line, first and alone.
void hide_before_runtime(int /*argc*/, char** /*argv*/, char** envp) {
  hpcp::hide_invalid_omp_environment(envp);
}
// Writable, as the loader's arrays are (a const one lands in a read-only section).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
[[gnu::section(".preinit_array"), gnu::used]] void (*preinit)(int, char**,
                                                              char**) = hide_before_runtime;
}  // namespace

int main(int argc, char** argv) { return hpcp_main(argc, argv); }
