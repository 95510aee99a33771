// pipe, shared by both models (notebook cell "Using multiprocessing.Pipe"):
// the two modes and their flags, the run's input and output, the notebook's
// one-message exchange (serial baseline, verification, result JSON,
// print-out) and the Spec. Modes: `notebook` (the cell: one random value in
// 1..10 goes from the producer to the consumer), `pingpong` and `bw` (the
// benchmarks, osu_latency's and osu_bw's: pingpong.hpp).
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

enum class PipeMode { notebook, pingpong, bw };
inline constexpr std::array<Choice<PipeMode>, 3> pipe_mode_table{{
    {PipeMode::notebook, "notebook",
     "the notebook cell: one random value in 1..10 sent through the pipe"},
    {PipeMode::pingpong, "pingpong",
     "benchmark: ping-pong latency per message size, as osu_latency (round trip / 2)"},
    {PipeMode::bw, "bw",
     "benchmark: bandwidth per message size, as osu_bw (64 messages back to back, then an "
     "ack)"},
}};
constexpr const auto& choices(PipeMode) { return pipe_mode_table; }

namespace pipe {

inline constexpr std::uint64_t value_lo = 1, value_hi = 10;  // random.randint(1, 10)

// What the run is given: one value per producer/consumer pair (pair k: the
// k-th draw of the seed) and, in the benchmark modes, the sweep.
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
  std::vector<SizeResult> sweep;     // pingpong and bw modes
  int pairs = 1;
  int idle = -1;  // the rank without a partner (MPI, odd rank counts), -1: none
  int team = 0;   // OpenMP threads the pipe ran on
};

// The flags both binaries take; benchmark flags in notebook mode are an error.
struct Options {
  PipeMode mode = PipeMode::notebook;
  std::string sizes;         // --sizes LIST, validated and rewritten as plain decimals
  std::string message_size;  // -m [MIN:]MAX, rewritten as "MIN:MAX"
  std::optional<std::uint64_t> iterations, warmup;
  PayloadCheck check = PayloadCheck::stamp;
  std::string pingpong_flag;  // the first benchmark-only flag given

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
// Pairs for report.metrics; in the benchmark modes also the sweep's figures
// and table (add_sweep_report), `over` naming what carried the messages.
void add_metrics(Report& report, const Input& input, const Output& out, const std::string& over);

// What the parallel time means: in the benchmark modes, against a serial
// baseline that is `serial` ("one thread copying ..."); in notebook mode, one hand-off.
std::string time_note(PipeMode mode, const std::string& serial);

// The notebook's lines (the benchmark modes print their table in the report).
// `who`: "thread" or "rank".
void print_notebook(std::ostream& os, const Input& input, const Output& out, const char* who);

// What both models' Example share (core/example.hpp).
struct Spec {
  static constexpr std::string_view name = "pipe";
  // --trace and --pace-us: what one item is.
  static constexpr std::string_view trace_item =
      "the notebook's message sent (item 0) and received (item 1); under MPI pair k's are "
      "items 2k and 2k + 1; --mode pingpong and bw are not traced";
  using Input = pipe::Input;
  using Output = pipe::Output;
  using Run = hpcp::Run<Input, Output>;

  Options options;

  void add_flags(CLI::App& app) { options.add_flags(app); }
  // --trace and --pace-us follow the notebook's message, not the benchmarks.
  std::optional<std::string> untraced() const {
    if (options.mode == PipeMode::notebook) return std::nullopt;
    return "--trace and --pace-us follow the notebook's message; --mode pingpong and bw are "
           "benchmarks and are not traced";
  }
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
