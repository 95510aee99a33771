#include "common/core/trace.hpp"

#include <omp.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <new>
#include <ostream>
#include <thread>
#include <utility>

namespace hpcp {

Trace::Trace()
    : lanes_(static_cast<std::size_t>(max_threads)), t0_(std::chrono::steady_clock::now()) {}

void Trace::start() { t0_ = std::chrono::steady_clock::now(); }

double Trace::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
}

void Trace::record(int tid, std::uint64_t item, double start, double end) noexcept {
  try {
    if (tid >= 0 && tid < max_threads) {
      lanes_[static_cast<std::size_t>(tid)].events.push_back({item, 0, tid, start, end});
      return;
    }
  } catch (const std::bad_alloc&) {  // counted below, reported by the driver
  }
  dropped_.fetch_add(1);
}

std::vector<TraceEvent> Trace::events(int pid) const {
  std::vector<TraceEvent> all;
  for (const auto& lane : lanes_)
    for (TraceEvent e : lane.events) {
      e.pid = pid;
      all.push_back(e);
    }
  return all;
}

void ItemScope::begin() noexcept {
  wall_start_ = std::chrono::steady_clock::now();
  if (tracer_.sink != nullptr) start_ = tracer_.sink->now();
}

void ItemScope::end() noexcept {
  // A sleep, not a spin: the notebook's cells sleep, and on a machine with
  // fewer cores than workers a sleeping worker lets the others run.
  if (tracer_.pace_us > 0)
    std::this_thread::sleep_until(wall_start_ + std::chrono::microseconds(tracer_.pace_us));
  if (tracer_.sink != nullptr)
    tracer_.sink->record(omp_get_thread_num(), item_, start_, tracer_.sink->now());
}

namespace {

using LaneKey = std::pair<std::int32_t, std::int32_t>;  // (pid, tid)

std::string lane_name(LaneKey key, LaneNames names) {
  std::string s;
  if (names.ranks) s = "rank " + std::to_string(key.first);
  if (names.threads || !names.ranks)
    s += (s.empty() ? "" : " ") + std::string("thread ") + std::to_string(key.second);
  return s;
}

char mark(std::uint64_t item) {
  constexpr std::string_view digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  return digits[item % digits.size()];
}

}  // namespace

void print_timeline(std::ostream& os, const std::vector<TraceEvent>& events, int processes,
                    int threads, LaneNames names, std::string_view item) {
  constexpr std::size_t width = 64;
  std::map<LaneKey, std::vector<const TraceEvent*>> lanes;
  for (int p = 0; p < processes; ++p)
    for (int t = 0; t < threads; ++t) lanes[{p, t}];
  double span = 0;
  for (const auto& e : events) {
    lanes[{e.pid, e.tid}].push_back(&e);
    span = std::max(span, e.end);
  }
  const double column = span > 0 ? span / static_cast<double>(width) : 1.0;
  std::size_t label = 0;
  for (const auto& [key, lane] : lanes) label = std::max(label, lane_name(key, names).size());

  os << "\nTimeline (--trace): " << events.size() << " items (" << item << ") on " << lanes.size()
     << " lanes over " << std::fixed << std::setprecision(3) << span * 1e3
     << " ms, one column = " << column * 1e3 << " ms; a mark is the item's id mod 36 "
     << "(0-9, a-z), '.' idle\n";
  os.unsetf(std::ios::floatfield);
  for (const auto& [key, lane] : lanes) {
    std::string bar(width, '.');
    for (const TraceEvent* e : lane) {
      // Every column the item overlaps, at least one: a short item stays visible.
      auto first = static_cast<std::size_t>(e->start / column);
      auto last = static_cast<std::size_t>(e->end / column);
      first = std::min(first, width - 1);
      last = std::clamp(last, first, width - 1);
      if (last > first && e->end <= static_cast<double>(last) * column) --last;
      for (std::size_t c = first; c <= last; ++c) bar[c] = mark(e->item);
    }
    os << std::left << std::setw(static_cast<int>(label)) << lane_name(key, names) << std::right
       << " |" << bar << "| " << lane.size() << " items\n";
  }
}

void write_trace_json(std::ostream& os, const std::vector<TraceEvent>& events,
                      std::string_view example, LaneNames names) {
  std::map<LaneKey, bool> seen;
  os << "{\"traceEvents\":[";
  bool first = true;
  const auto comma = [&] {
    os << (first ? "\n" : ",\n");
    first = false;
  };
  os << std::fixed << std::setprecision(3);
  for (const auto& e : events) {
    comma();
    os << R"({"name":")" << example << " item " << e.item << R"(","ph":"X","ts":)" << e.start * 1e6
       << ",\"dur\":" << (e.end - e.start) * 1e6 << ",\"pid\":" << e.pid << ",\"tid\":" << e.tid
       << ",\"args\":{\"item\":" << e.item << "}}";
    seen[{e.pid, e.tid}] = true;
  }
  // Metadata events name the lanes as the text timeline does.
  for (const auto& [key, unused] : seen) {
    comma();
    os << R"({"name":"thread_name","ph":"M","pid":)" << key.first << ",\"tid\":" << key.second
       << R"(,"args":{"name":")" << lane_name(key, names) << "\"}}";
  }
  os.unsetf(std::ios::floatfield);
  os << "\n],\"displayTimeUnit\":\"ms\"}\n";
}

}  // namespace hpcp
