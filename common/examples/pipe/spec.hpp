// pipe, shared by both models (notebook cell "Using multiprocessing.Pipe"):
// the two modes and their flags, the run's input and output, the notebook's
// one-message exchange (serial baseline, verification, result JSON,
// print-out) and the Spec. Modes: `notebook` (the cell: one random value in
// 1..10 goes from the producer to the consumer) and `pingpong` (the
// benchmark, pingpong.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/cli_fwd.hpp"
#include "common/core/example.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"
#include "common/examples/pipe/pingpong.hpp"

namespace hpcp {

enum class PipeMode { notebook, pingpong };
inline constexpr std::array<Choice<PipeMode>, 2> pipe_mode_table{{
    {PipeMode::notebook, "notebook",
     "the notebook cell: one random value in 1..10 sent through the pipe"},
    {PipeMode::pingpong, "pingpong",
     "benchmark: OSU-style ping-pong over --sizes (latency and bandwidth)"},
}};
constexpr const auto& choices(PipeMode) { return pipe_mode_table; }

namespace pipe {

inline constexpr std::uint64_t value_lo = 1, value_hi = 10;  // random.randint(1, 10)

// What the run is given: one value per producer/consumer pair (pair k: the
// k-th draw of the seed) and, in pingpong mode, the sweep.
struct Input {
  PipeMode mode = PipeMode::notebook;
  std::vector<std::uint64_t> values;
  Plan plan;
};

// One value through one pipe. `who` is a thread number (OpenMP) or a rank (MPI).
struct Delivery {
  std::uint64_t sent = 0, received = 0;
  int sender = 0, receiver = 1;
  long sender_pid = 0, receiver_pid = 0;
};

struct Output {
  std::vector<Delivery> deliveries;  // notebook mode, one per pair
  std::vector<SizeResult> sweep;     // pingpong mode
  int pairs = 1;
  int idle = -1;  // the rank without a partner (MPI, odd rank counts), -1: none
  int team = 0;   // OpenMP threads the pipe ran on
};

// The flags both binaries take; pingpong-only flags in notebook mode are an error.
struct Options {
  PipeMode mode = PipeMode::notebook;
  std::string sizes;
  std::optional<std::uint64_t> iterations, warmup;
  PayloadCheck check = PayloadCheck::stamp;
  std::string pingpong_flag;  // the first pingpong-only flag given

  void add_flags(CLI::App& app);
  std::optional<std::string> validate() const;
  Plan plan() const;
  Json params() const;
};

// Serial baselines: the value copied from one buffer to the other; in
// pingpong mode serial_sweep().
Output serial(const Input& input);

void verify(const Input& input, const Output& serial, const Output& parallel, Verdict& verdict);
Json result_json(const Input& input, const Output& out);
// Pairs, and in pingpong mode latency and bandwidth per size, for report.metrics.
void add_metrics(Report& report, const Output& out);

// What the parallel time means: in pingpong mode, latency against a serial
// baseline that is `serial` ("one thread copying ..."); in notebook mode, one hand-off.
std::string time_note(PipeMode mode, const std::string& serial);

// `who`: "thread" or "rank"; `over`: what carried the messages, for the table's title.
void print_notebook(std::ostream& os, const Input& input, const Output& out, const char* who,
                    const std::string& over);

// What both models' Example share (core/example.hpp).
struct Spec {
  static constexpr std::string_view name = "pipe";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "the notebook's message sent (item 0) and received (item 1); under MPI pair k's are "
      "items 2k and 2k + 1; --mode pingpong is not traced";
  using Input = pipe::Input;
  using Output = pipe::Output;
  using Run = hpcp::Run<Input, Output>;

  Options options;

  void add_flags(CLI::App& app) { options.add_flags(app); }
  std::optional<std::string> validate(const CommonOptions&) const { return options.validate(); }
  Json params() const { return options.params(); }
  Output serial(const Input& in) const { return pipe::serial(in); }
  void verify(const Run& run, Verdict& v) const {
    pipe::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return result_json(run.input, run.parallel); }
};

}  // namespace pipe
}  // namespace hpcp
