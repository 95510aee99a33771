// The one lifecycle every binary follows, owned here so that an example
// supplies only what differs:
//   parse (--size: the manifest's presets) -> make inputs -> serial baseline
//   (warm-up + --repeat timed runs) -> parallel warm-up -> --repeat timed
//   parallel runs (or auto: cli_fwd.hpp) -> [--trace/--pace-us: one
//   untimed traced run, the one then verified and printed] -> verify -> report ->
//   exit code (0 verified, 1 failed, 2 usage).
// What an example provides is the concept hpcp::ExampleFor (core/example.hpp).
// Under MPI, Input exists on every rank; the serial Output and what is
// verified and printed only on rank 0.
#pragma once

#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/progress.hpp"
#include "common/core/report.hpp"
#include "common/core/sizes.hpp"
#include "common/core/timing.hpp"
#include "common/core/trace.hpp"
#include "common/core/verify.hpp"
#include "common/core/watchdog.hpp"

// The entry point of an example binary, defined at the end of its file; the
// one main() (common/core/main.cpp) calls it. The unit tests link the same object
// file without that main and call the example's kernels directly.
int hpcp_main(int argc, char** argv);

namespace hpcp {

inline constexpr int exit_verified = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_internal = 3;

// Thrown for bad input found after parsing (a size that cannot fit, say).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {

// What one item is, for --trace's help and timeline: E::trace_item if declared.
template <class E>
constexpr std::string_view trace_item() {
  if constexpr (requires { E::trace_item; }) return E::trace_item;
  return "one unit of the kernel's work";
}

// --trace FILE: the events as Chrome trace-event JSON (driver.cpp).
void save_trace(const std::string& file, const std::vector<TraceEvent>& events,
                std::string_view example, LaneNames names);
// The report's record of a traced or paced run.
void note_trace(Report& report, const TraceOptions& trace);
// Whether stderr is a terminal (progress: a line rewritten in place, and on by default).
bool stderr_is_terminal();

// Backend: is_root(), time(fn) -> seconds (synchronised under MPI), agree(bool)
// -> the root's verdict on every worker; for --trace, trace_start(trace) (the
// common time zero), gather(trace) -> every worker's events on the root,
// processes() and lane_names().
template <class Context, ExampleFor<Context> E, class Backend>
int lifecycle(const E& ex, const Context& ctx, const CommonOptions& opt, const TraceOptions& topt,
              Backend& backend, Report report) {
  using Output = typename E::Output;
  // --progress (rank 0): the phase and repetition, from a ticker thread.
  const bool show =
      backend.is_root() && (opt.progress == ProgressMode::on ||
                            (opt.progress == ProgressMode::automatic && stderr_is_terminal()));
  Progress progress(show, stderr_is_terminal(), report.example + " (" + report.model + ")");
  const int total = opt.repeat_auto ? Progress::auto_total : opt.repeat;
  set_phase("making inputs");
  auto input = ex.make_input(ctx);  // the run's one Input; kernels may write its storage

  // The baseline is timed like the parallel runs (a warm-up, then the median
  // of --repeat runs, --repeat auto deciding alike on its own clock), so the
  // speedup compares like with like.
  Output serial_out{};
  if (backend.is_root()) {
    set_phase("serial baseline");
    serial_out = ex.serial(input);
    std::vector<double> serial_samples;
    double spent = 0;
    for (int r = 0; opt.repeat_auto ? auto_repeat_more(r, spent) : r < opt.repeat; ++r) {
      progress.repetition(r + 1, total);
      Stopwatch sw;
      serial_out = ex.serial(input);
      serial_samples.push_back(sw.seconds());
      spent += serial_samples.back();
    }
    report.serial_seconds = summarize(serial_samples).median;
  }

  defaults::before_parallel(ex, input);
  set_phase("warm-up parallel run");
  progress.repetition(0, 0);
  Output out = ex.parallel(input, ctx);
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(opt.repeat_auto ? auto_min_runs : opt.repeat));
  set_phase("timed parallel runs");
  // --repeat auto: the root decides from its timings (under MPI the slowest
  // rank's, the same on every rank) and every rank follows its decision.
  double spent = 0;
  auto more = [&](int runs) {
    return opt.repeat_auto ? backend.agree(auto_repeat_more(runs, spent)) : runs < opt.repeat;
  };
  for (int r = 0; more(r); ++r) {
    progress.repetition(r + 1, total);
    samples.push_back(backend.time([&] { out = ex.parallel(input, ctx); }));
    spent += samples.back();
  }
  report.parallel = summarize(samples);

  // --trace / --pace-us: one more run, untimed, with each item paced and
  // recorded; its output is the one verified and printed.
  std::vector<TraceEvent> events;
  if (topt.on()) {
    set_phase("traced notebook run");
    Trace trace;
    backend.trace_start(trace);
    Context traced = ctx;
    traced.tracer = {topt.enabled ? &trace : nullptr, topt.pace_us};
    out = ex.parallel(input, traced);
    if (trace.dropped() > 0)
      throw std::runtime_error("--trace: " + std::to_string(trace.dropped()) +
                               " items could not be recorded");
    if (topt.enabled) events = backend.gather(trace);
  }

  set_phase("verification");
  const Run<typename E::Input, Output> run{input, serial_out, out};
  Verdict verdict;
  if (backend.is_root()) ex.verify(run, verdict);
  report.verified = backend.agree(verdict.ok());

  progress.stop();  // its line cleared before anything is printed
  set_phase("report");
  if (backend.is_root()) {
    report.params = defaults::params(ex);
    report.result = ex.result(run);
    report.verification_messages = verdict.messages();
    report.repeat = static_cast<int>(samples.size());
    report.repeat_auto = opt.repeat_auto;
    report.size_preset = opt.size;
    report.size_args = opt.size_args;
    report.quiet = opt.quiet;
    report.seed = opt.seed;
    defaults::describe(ex, report, run);
    if (topt.on()) note_trace(report, topt);
    if (!topt.file.empty()) save_trace(topt.file, events, E::name, backend.lane_names());
    if constexpr (requires { backend.describe(report); }) backend.describe(report);
    if (opt.json) {
      report.print_json(std::cout);
    } else if (opt.csv) {
      report.print_csv(std::cout);
    } else {
      if (!opt.quiet) ex.print_notebook(std::cout, run);
      if (topt.enabled)  // a lane for each worker of the team the example reported
        print_timeline(std::cout, events, backend.processes(), report.threads, backend.lane_names(),
                       trace_item<E>());
      report.print_human(std::cout);
    }
    std::cout.flush();
  }
  return report.verified ? exit_verified : exit_failed;
}

// Parse and validate on the calling process; every MPI rank calls this with the
// same arguments and so reaches the same decision without communicating.
// `model` says what the model adds: the program's name, more --version and
// --help text, the flags it does not use.
template <class E>
std::optional<int> parse(E& ex, CommonOptions& opt, TraceOptions& topt, ModelCli model, int argc,
                         char** argv, bool speak) {
  const AppPtr app = make_app(std::string(E::summary) + model.help_note, model.program);
  add_common_flags(*app, opt);
  // --size: the presets generated from the example's manifest.
  const SizeTable& sizes = example_sizes();
  if (sizes.example != E::name)
    throw std::logic_error("size presets of '" + sizes.example + "' linked into " + model.program);
  add_size_flag(*app, opt, sizes);
  model.sizes = &sizes;
  add_trace_flags(*app, topt, trace_item<E>(), model.program.starts_with("mpi_"));
  ex.add_flags(*app);
  auto outcome = parse_command_line(*app, argc, argv, speak, model);
  if (!outcome.run) return outcome.exit_code;
  opt.size_args = std::move(outcome.size_args);
  if (opt.size != "notebook" && !opt.repeat_given) opt.repeat_auto = true;
  if (auto problem = defaults::validate(ex, opt)) {
    if (speak) std::cerr << "error: " << *problem << '\n';
    return exit_usage;
  }
  // An example whose run is a benchmark, not items, says why it cannot be traced.
  if constexpr (requires { ex.untraced(); }) {
    if (auto why = ex.untraced(); why && topt.on()) {
      if (speak) std::cerr << "error: " << *why << '\n';
      return exit_usage;
    }
  }
  return std::nullopt;
}

}  // namespace detail

namespace omp {

struct Context {
  const CommonOptions& options;
  int threads;    // team size a parallel region gets
  Tracer tracer;  // --trace / --pace-us: set only in the untimed notebook run
};

struct Backend {
  bool is_root() const { return true; }
  template <class F>
  double time(F&& f) {
    Stopwatch sw;
    f();
    return sw.seconds();
  }
  bool agree(bool ok) const { return ok; }
  void trace_start(Trace& trace) const { trace.start(); }
  std::vector<TraceEvent> gather(const Trace& trace) const { return trace.events(0); }
  int processes() const { return 1; }
  LaneNames lane_names() const { return {false, true}; }
  // Where a team of the size the example reported ran (after the timed runs).
  void describe(Report& report) const {
    Json binding = openmp_binding(report.threads);
    report.binding = binding_line(binding);
    report.provenance["openmp_binding"] = std::move(binding);
  }
};

int apply_thread_request(const CommonOptions& opt);  // returns the team size

template <ExampleFor<Context> E>
int run(int argc, char** argv) {
  try {
    E ex;
    CommonOptions opt;
    const ModelCli model{"omp_" + std::string(E::name), "", "", {}};
    TraceOptions topt;
    if (auto code = detail::parse(ex, opt, topt, model, argc, argv, true)) return *code;
    Report report;
    report.example = E::name;
    report.model = "openmp";
    report.threads = apply_thread_request(opt);
    report.threads_requested = opt.threads > 0 ? opt.threads : omp_num_threads_env();
    report.provenance = base_provenance();
    install_signal_handlers();
    Watchdog watchdog(opt.timeout, "");
    const Context ctx{opt, report.threads, {}};
    Backend backend;
    return detail::lifecycle(ex, ctx, opt, topt, backend, std::move(report));
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << " (phase '" << current_phase() << "')\n";
    return exit_internal;
  }
}

}  // namespace omp
}  // namespace hpcp
