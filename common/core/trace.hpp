// The teaching timeline: --trace records, for every item of one untimed run,
// which worker took it and when, then prints one text lane per worker (and,
// with --trace FILE, writes Chrome trace-event JSON for chrome://tracing or
// Perfetto); --pace-us N makes each item of that run last at least N us, so
// that at the notebook's toy sizes every worker gets a share to show.
//
// Zero cost when off: a kernel holds a Tracer whose sink is null and pace 0,
// and each item's ItemScope tests that once, inline; nothing is allocated.
// The timed runs always get that empty Tracer (core/driver.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
}  // namespace CLI

namespace hpcp {

// One item: its id (0..N-1 in the example's own numbering), the worker that
// took it (rank, thread) and when, in seconds from the traced run's start.
struct TraceEvent {
  std::uint64_t item = 0;
  std::int32_t pid = 0;  // MPI rank (0 under OpenMP)
  std::int32_t tid = 0;  // OpenMP thread within the process
  double start = 0, end = 0;
};

// Per-thread lanes of events, each written only by its own thread (no lock).
class Trace {
 public:
  static constexpr int max_threads = 512;
  Trace();
  void start();  // the run's time zero (after a barrier under MPI)
  double now() const;
  // Never throws (it runs in ItemScope's destructor): an event it cannot keep
  // (no memory, a thread beyond max_threads) is counted in dropped().
  void record(int tid, std::uint64_t item, double start, double end) noexcept;
  std::vector<TraceEvent> events(int pid) const;  // every lane, in time order per lane
  std::uint64_t dropped() const { return dropped_.load(); }

 private:
  struct alignas(64) Lane {  // one cache line per thread's bookkeeping
    std::vector<TraceEvent> events;
  };
  std::vector<Lane> lanes_;
  std::chrono::steady_clock::time_point t0_;
  std::atomic<std::uint64_t> dropped_{0};
};

// What a kernel is handed: a sink (null: record nothing) and a pace (0: none).
struct Tracer {
  Trace* sink = nullptr;
  std::int64_t pace_us = 0;
  bool on() const { return sink != nullptr || pace_us > 0; }
};

// One item's lifetime: construct it when the item starts, and its end (the
// destructor) waits out the pace with a sleep, as the notebook's cells do,
// then records the item. When the Tracer is off, only the test of on() runs.
class ItemScope {
 public:
  ItemScope(const Tracer& tracer, std::uint64_t item) : tracer_(tracer), item_(item) {
    if (tracer_.on()) begin();
  }
  ~ItemScope() {
    if (tracer_.on()) end();
  }
  ItemScope(const ItemScope&) = delete;
  ItemScope& operator=(const ItemScope&) = delete;

 private:
  void begin() noexcept;
  void end() noexcept;
  const Tracer& tracer_;
  std::uint64_t item_;
  double start_ = 0;
  std::chrono::steady_clock::time_point wall_start_;
};

// What --trace and --pace-us asked for.
struct TraceOptions {
  bool enabled = false;  // --trace given
  std::string file;      // --trace FILE: also write the JSON there
  std::int64_t pace_us = 0;
  bool on() const { return enabled || pace_us > 0; }
};

// --trace [FILE] and --pace-us N; `item` says what one item is for this
// example, `mpi` adds what a timeline across nodes can and cannot show.
void add_trace_flags(CLI::App& app, TraceOptions& opt, std::string_view item, bool mpi);

// How lanes are named: "thread T", "rank R" or "rank R thread T".
struct LaneNames {
  bool ranks = false;
  bool threads = true;
};

// The text timeline: a header, then one lane per worker that is expected
// (`processes` x `threads`) or took an item, each a fixed-width bar whose
// marks are the items' ids (mod 36: 0-9 then a-z; '.' idle) and the count.
void print_timeline(std::ostream& os, const std::vector<TraceEvent>& events, int processes,
                    int threads, LaneNames names, std::string_view item);

// {"traceEvents": [...]}: one complete ("X") event per item, ts and dur in
// microseconds, pid the rank, tid the thread, args.item the id.
void write_trace_json(std::ostream& os, const std::vector<TraceEvent>& events,
                      std::string_view example, LaneNames names);

}  // namespace hpcp
