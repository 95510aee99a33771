// The --trace and --pace-us flags (CLI11 is compiled here, not in trace.cpp).
#include <CLI/CLI.hpp>

#include <string>

#include "common/core/cli_fwd.hpp"
#include "common/core/trace.hpp"

namespace hpcp {

void add_trace_flags(CLI::App& app, TraceOptions& opt, std::string_view item, bool mpi) {
  std::string help =
      "record, in one extra untimed run after the timed ones, which worker took each item (" +
      std::string(item) +
      ") and when; print a timeline of one lane per worker after the notebook output "
      "(not under --json/--csv); with FILE, also write Chrome trace-event JSON there "
      "(chrome://tracing, ui.perfetto.dev). That run's output is the one verified and printed";
  if (mpi)
    help +=
        ". Times are from a barrier, each rank on its own clock: across nodes the clocks are "
        "not synchronised, so lanes of different nodes may be shifted";
  app.add_option_function<std::string>(
         "--trace",
         [&opt](const std::string& file) {
           opt.enabled = true;
           opt.file = file;
         },
         help)
      ->expected(0, 1)
      ->type_name("[FILE]");
  add_integer_flag(app, "--pace-us", opt.pace_us, 0, 10'000'000,
                   "make each item (see --trace) of one extra untimed run, the one printed, last "
                   "at least N microseconds (a sleep, as the notebook's cells do), so that at toy "
                   "sizes every worker shows; the timed runs are never paced (default 0)",
                   "N");
}

}  // namespace hpcp
