#include "common/examples/pipe/pingpong.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "common/core/timing.hpp"

namespace hpcp::pipe {

std::uint64_t Plan::iterations_for(std::size_t bytes) const {
  const bool large = bytes > large_message_bytes;
  return iterations.value_or(window > 0 ? (large ? 20 : 100) : (large ? 100 : 1000));
}
std::uint64_t Plan::warmup_for(std::size_t bytes) const {
  const bool large = bytes > large_message_bytes;
  return warmup.value_or(window > 0 ? (large ? 2 : 10) : (large ? 10 : 100));
}
std::size_t Plan::max_bytes() const {
  std::size_t m = 0;
  for (auto s : sizes) m = std::max(m, s);
  return m;
}

void prepare_buffers(std::byte* send, std::byte* recv, std::size_t bytes) {
  fill_words(send, bytes, pattern_base(bytes, body_iteration));
  std::memset(recv, 0xA5, bytes);
}

std::size_t wrong_words(const std::byte* buf, std::size_t bytes, std::uint64_t iteration,
                        PayloadCheck check) {
  if (bytes == 0) return 0;
  switch (check) {
    case PayloadCheck::full:
      return count_wrong_words(buf, bytes, pattern_base(bytes, iteration));
    case PayloadCheck::stamp: {
      // The body words, then the two stamps (which the body count saw as wrong).
      const std::size_t last = (bytes - 1) / 8;
      const std::uint64_t body = pattern_base(bytes, body_iteration);
      const std::uint64_t base = pattern_base(bytes, iteration);
      std::size_t wrong = count_wrong_words(buf, bytes, body);
      wrong -= !word_is(buf, bytes, 0, body);
      if (last > 0) wrong -= !word_is(buf, bytes, last, body + last * pattern_step);
      wrong += !word_is(buf, bytes, 0, base);
      if (last > 0) wrong += !word_is(buf, bytes, last, base + last * pattern_step);
      return wrong;
    }
  }
  return 0;
}

Buffer::Buffer(std::size_t bytes)
    : data_(static_cast<std::byte*>(
          ::operator new[](std::max<std::size_t>(bytes, 1), std::align_val_t{4096}))) {}

std::vector<std::size_t> default_sizes() { return power_of_two_sizes(1, std::size_t{4} << 20); }

std::vector<std::size_t> power_of_two_sizes(std::size_t min, std::size_t max) {
  std::vector<std::size_t> sizes;
  for (std::size_t s = min; s <= max; s = s > 0 ? 2 * s : 1) sizes.push_back(s);
  return sizes;
}

Json sweep_params(const Plan& p) {
  Json j{{"sizes", p.sizes}};
  if (p.window > 0) j["window"] = p.window;
  j["iterations"] = p.iterations_for(0);
  j["warmup"] = p.warmup_for(0);
  j["iterations_large"] = p.iterations_for(large_message_bytes + 1);
  j["warmup_large"] = p.warmup_for(large_message_bytes + 1);
  j["large_above_bytes"] = large_message_bytes;
  j["check"] = name_of(p.check);
  return j;
}

std::vector<SizeResult> serial_sweep(const Plan& plan) {
  std::vector<SizeResult> sweep;
  const std::size_t cap = plan.max_bytes(), w = plan.window;
  Buffer a_send(cap), a_recv(cap), b_send(cap), b_recv(cap);
  for (const std::size_t bytes : plan.sizes) {
    SizeResult r{bytes, plan.iterations_for(bytes), plan.warmup_for(bytes)};
    r.window = w;
    prepare_buffers(a_send.data(), a_recv.data(), bytes);
    prepare_buffers(b_send.data(), b_recv.data(), bytes);
    const std::uint64_t total = r.warmup + r.iterations;
    const std::uint64_t last = total - 1;
    Stopwatch sw;
    for (std::uint64_t i = 0; i < total; ++i) {
      if (i == r.warmup) sw.restart();
      if (w > 0) {  // bw: the window's messages one way; the ack carries no payload
        write_message(a_send.data(), bytes, i, plan.check);
        for (std::size_t j = 0; j < w; ++j) {
          std::memcpy(b_recv.data(), a_send.data(), bytes);
          r.corrupt += !check_message(b_recv.data(), bytes, i, plan.check);
          ++r.delivered;
        }
        continue;
      }
      write_message(a_send.data(), bytes, i, plan.check);
      std::memcpy(b_recv.data(), a_send.data(), bytes);
      r.corrupt += !check_message(b_recv.data(), bytes, i, plan.check);
      write_message(b_send.data(), bytes, i, plan.check);
      std::memcpy(a_recv.data(), b_send.data(), bytes);
      r.corrupt += !check_message(a_recv.data(), bytes, i, plan.check);
      r.delivered += 2;
    }
    r.seconds = sw.seconds();
    if (w == 0) r.corrupt += wrong_words(a_recv.data(), bytes, last, plan.check) != 0;
    r.corrupt += wrong_words(b_recv.data(), bytes, last, plan.check) != 0;
    sweep.push_back(r);
  }
  return sweep;
}

namespace {

// What must agree between the serial and the parallel sweep, size by size.
std::vector<std::string> sweep_summary(const std::vector<SizeResult>& sweep, int pairs) {
  std::vector<std::string> rows;
  rows.reserve(sweep.size());
  for (const auto& r : sweep)
    rows.push_back(std::to_string(r.bytes) + " B x " + std::to_string(r.iterations) + "+" +
                   std::to_string(r.warmup) + ": " +
                   std::to_string(r.delivered / std::max(pairs, 1)) + " delivered per pair, " +
                   std::to_string(r.corrupt) + " failed checks");
  return rows;
}

double rounded(double v, double scale) { return std::round(v * scale) / scale; }

std::string two_decimals(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << v;
  return os.str();
}

}  // namespace

void verify_sweep(const Plan& plan, int pairs, const std::vector<SizeResult>& serial,
                  const std::vector<SizeResult>& parallel, Verdict& verdict) {
  verdict.check(parallel.size() == plan.sizes.size(), "one result per message size");
  for (std::size_t s = 0; s < std::min(parallel.size(), plan.sizes.size()); ++s) {
    const auto& r = parallel[s];
    const std::uint64_t expected = static_cast<std::uint64_t>(pairs) *
                                   plan.messages_per_iteration() *
                                   (plan.iterations_for(r.bytes) + plan.warmup_for(r.bytes));
    const std::string at = std::to_string(plan.sizes[s]) + " B";
    verdict.check(r.bytes == plan.sizes[s], at + ": size", "got " + std::to_string(r.bytes));
    verdict.check(r.delivered == expected, at + ": every message delivered once",
                  std::to_string(r.delivered) + " of " + std::to_string(expected));
    verdict.check(r.corrupt == 0, at + ": payloads intact",
                  std::to_string(r.corrupt) + " failed checks");
  }
  equal_elements(sweep_summary(serial, 1), sweep_summary(parallel, pairs),
                 "sweep == serial baseline", verdict);
}

Json sweep_json(const Plan& plan, const std::vector<SizeResult>& sweep, int pairs) {
  std::uint64_t sent = 0, received = 0, failed = 0;
  for (const auto& r : sweep) {
    sent += static_cast<std::uint64_t>(pairs) * plan.messages_per_iteration() *
            (r.iterations + r.warmup);
    received += r.delivered;
    failed += r.corrupt;
  }
  return {{"sent", sent}, {"received", received}, {"failed_checks", failed}, {"sizes", plan.sizes}};
}

void add_sweep_report(Report& report, const Plan& plan, const std::vector<SizeResult>& sweep,
                      const std::string& over) {
  report.has_speedup = false;  // a latency or a bandwidth is no speedup over a baseline
  if (sweep.empty()) return;
  const bool bw = plan.window > 0;
  Json latency = Json::object(), bandwidth = Json::object();
  for (const auto& r : sweep) {
    if (!bw) latency[std::to_string(r.bytes)] = rounded(r.latency_us(), 1000);
    bandwidth[std::to_string(r.bytes)] = rounded(r.bandwidth_mbps(), 100);
  }
  if (!bw) report.metrics["latency_us"] = latency;
  report.metrics["bandwidth_MBps"] = bandwidth;

  // OSU's table: "%-10s%20s" headers, "%-10d%20.2f" rows.
  const std::string what = bw ? "Bandwidth (MB/s)" : "Latency (us)";
  auto row = [](const std::string& a, const std::string& b) {
    std::ostringstream os;
    os << std::left << std::setw(10) << a << std::right << std::setw(20) << b;
    return os.str();
  };
  const std::string iterations = std::to_string(plan.iterations_for(0)) + " iterations (" +
                                 std::to_string(plan.iterations_for(large_message_bytes + 1)) +
                                 " above 8 KiB) after " + std::to_string(plan.warmup_for(0)) +
                                 " warm-up (" +
                                 std::to_string(plan.warmup_for(large_message_bytes + 1)) + ")";
  report.table.push_back(std::string("# hpc-patterns pipe ") +
                         (bw ? "bandwidth, window of " + std::to_string(plan.window) +
                                   " messages then an ack (as osu_bw)"
                             : "ping-pong latency, round trip / 2 (as osu_latency)") +
                         ", over " + over);
  report.table.push_back("# " + iterations +
                         ", payload check: " + std::string(name_of(plan.check)));
  report.table.push_back(row("# Size", what));
  for (const auto& r : sweep) {
    const double value = bw ? r.bandwidth_mbps() : r.latency_us();
    report.table.push_back(row(std::to_string(r.bytes), two_decimals(value)));
    Json csv{{"size", r.bytes}};
    csv[bw ? "bandwidth_MBps" : "latency_us"] = rounded(value, 1000);
    csv["iterations"] = r.iterations;
    csv["warmup"] = r.warmup;
    report.table_rows.push_back(csv);
  }
}

}  // namespace hpcp::pipe
