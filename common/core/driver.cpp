#include "common/core/driver.hpp"

#include <omp.h>
#include <unistd.h>

#include <fstream>

namespace hpcp {
namespace detail {

void save_trace(const std::string& file, const std::vector<TraceEvent>& events,
                std::string_view example, LaneNames names) {
  std::ofstream os(file);
  if (os) write_trace_json(os, events, example, names);
  if (!os || !os.flush()) throw UsageError("--trace: cannot write '" + file + "'");
}

void note_trace(Report& report, const TraceOptions& trace) {
  if (trace.pace_us > 0) report.params["pace_us"] = trace.pace_us;
  std::string note =
      "--trace/--pace-us: the output verified and printed is from one extra "
      "untimed run";
  if (trace.pace_us > 0)
    note += " whose items each lasted at least " + std::to_string(trace.pace_us) + " us";
  note += "; the timings are of the unpaced, untraced runs";
  report.notes.push_back(std::move(note));
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace detail

namespace omp {

int apply_thread_request(const CommonOptions& opt) {
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  return openmp_team_size();
}

}  // namespace omp
}  // namespace hpcp
