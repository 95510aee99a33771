#include "common/examples/pipe/spec.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "common/core/timing.hpp"

namespace hpcp::pipe {

std::uint64_t Plan::iterations_for(std::size_t bytes) const {
  return iterations.value_or(bytes > large_message_bytes ? 100 : 1000);
}
std::uint64_t Plan::warmup_for(std::size_t bytes) const {
  return warmup.value_or(bytes > large_message_bytes ? 10 : 100);
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
    case PayloadCheck::full: return count_wrong_words(buf, bytes, pattern_base(bytes, iteration));
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
    : data_(static_cast<std::byte*>(::operator new[](std::max<std::size_t>(bytes, 1),
                                                      std::align_val_t{4096}))) {}

std::vector<std::size_t> default_sizes() {
  std::vector<std::size_t> sizes;
  for (std::size_t s = 1; s <= (std::size_t{4} << 20); s *= 2) sizes.push_back(s);
  return sizes;
}

std::optional<std::string> Options::validate() const {
  if (mode == PipeMode::notebook && !pingpong_flag.empty())
    return pingpong_flag + ": only with --mode pingpong";
  return std::nullopt;
}

Plan Options::plan() const {
  Plan p;
  if (mode == PipeMode::notebook) return p;
  if (sizes.empty()) {
    p.sizes = default_sizes();
  } else {
    for (auto s : parse_unsigned_list(sizes)) p.sizes.push_back(static_cast<std::size_t>(s));
  }
  p.iterations = iterations;
  p.warmup = warmup;
  p.check = check;
  return p;
}

Json Options::params() const {
  Json j{{"mode", name_of(mode)}};
  if (mode == PipeMode::notebook) return j;
  const Plan p = plan();
  j["sizes"] = p.sizes;
  j["iterations"] = p.iterations_for(0);
  j["warmup"] = p.warmup_for(0);
  j["iterations_large"] = p.iterations_for(large_message_bytes + 1);
  j["warmup_large"] = p.warmup_for(large_message_bytes + 1);
  j["large_above_bytes"] = large_message_bytes;
  j["check"] = name_of(check);
  return j;
}

Output serial(const Input& input) {
  Output out;
  out.pairs = static_cast<int>(input.values.size());
  switch (input.mode) {
    case PipeMode::notebook:
      for (std::size_t k = 0; k < input.values.size(); ++k) {
        Delivery d;
        d.sent = input.values[k];
        std::memcpy(&d.received, &d.sent, sizeof d.sent);
        d.sender = static_cast<int>(2 * k);
        d.receiver = static_cast<int>(2 * k + 1);
        out.deliveries.push_back(d);
      }
      return out;
    case PipeMode::pingpong: break;
  }
  out.pairs = 1;  // one loopback pair, whatever the parallel run has
  const Plan& plan = input.plan;
  const std::size_t cap = plan.max_bytes();
  Buffer a_send(cap), a_recv(cap), b_send(cap), b_recv(cap);
  for (const std::size_t bytes : plan.sizes) {
    SizeResult r{bytes, plan.iterations_for(bytes), plan.warmup_for(bytes)};
    prepare_buffers(a_send.data(), a_recv.data(), bytes);
    prepare_buffers(b_send.data(), b_recv.data(), bytes);
    const std::uint64_t total = r.warmup + r.iterations;
    Stopwatch sw;
    for (std::uint64_t i = 0; i < total; ++i) {
      if (i == r.warmup) sw.restart();
      write_message(a_send.data(), bytes, i, plan.check);
      std::memcpy(b_recv.data(), a_send.data(), bytes);
      r.corrupt += !check_message(b_recv.data(), bytes, i, plan.check);
      write_message(b_send.data(), bytes, i, plan.check);
      std::memcpy(a_recv.data(), b_send.data(), bytes);
      r.corrupt += !check_message(a_recv.data(), bytes, i, plan.check);
      r.delivered += 2;
    }
    r.seconds = sw.seconds();
    r.corrupt += wrong_words(a_recv.data(), bytes, total - 1, plan.check) != 0;
    r.corrupt += wrong_words(b_recv.data(), bytes, total - 1, plan.check) != 0;
    out.sweep.push_back(r);
  }
  return out;
}

namespace {

// What must agree between the serial and the parallel sweep, size by size.
std::vector<std::string> sweep_summary(const Output& out) {
  std::vector<std::string> rows;
  for (const auto& r : out.sweep)
    rows.push_back(std::to_string(r.bytes) + " B x " + std::to_string(r.iterations) + "+" +
                   std::to_string(r.warmup) + ": " +
                   std::to_string(r.delivered / std::max(out.pairs, 1)) + " delivered per pair, " +
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

void verify(const Input& input, const Output& serial, const Output& parallel, Verdict& verdict) {
  const auto pairs = static_cast<std::uint64_t>(input.values.size());
  verdict.check(parallel.pairs == static_cast<int>(pairs), "pairs",
                std::to_string(parallel.pairs) + ", expected " + std::to_string(pairs));
  if (input.mode == PipeMode::notebook) {
    std::vector<std::uint64_t> sent, received, serial_received;
    for (const auto& d : parallel.deliveries) {
      sent.push_back(d.sent);
      received.push_back(d.received);
    }
    for (const auto& d : serial.deliveries) serial_received.push_back(d.received);
    equal_elements(input.values, sent, "sent values == the seeded draws", verdict);
    same_multiset(input.values, received, "received values == sent values (exactly once)", verdict);
    equal_elements(sent, received, "each pair: received == sent", verdict);
    equal_elements(serial_received, received, "received == serial baseline", verdict);
    return;
  }
  const Plan& plan = input.plan;
  verdict.check(parallel.sweep.size() == plan.sizes.size(), "one result per message size");
  for (std::size_t s = 0; s < std::min(parallel.sweep.size(), plan.sizes.size()); ++s) {
    const auto& r = parallel.sweep[s];
    const std::uint64_t expected = pairs * 2 * (plan.iterations_for(r.bytes) + plan.warmup_for(r.bytes));
    const std::string at = std::to_string(plan.sizes[s]) + " B";
    verdict.check(r.bytes == plan.sizes[s], at + ": size", "got " + std::to_string(r.bytes));
    verdict.check(r.delivered == expected, at + ": every message delivered once",
                  std::to_string(r.delivered) + " of " + std::to_string(expected));
    verdict.check(r.corrupt == 0, at + ": payloads intact", std::to_string(r.corrupt) + " failed checks");
  }
  equal_elements(sweep_summary(serial), sweep_summary(parallel), "sweep == serial baseline", verdict);
}

Json result_json(const Input& input, const Output& out) {
  if (input.mode == PipeMode::notebook) {
    if (out.deliveries.empty()) return Json::object();
    Json j{{"sent", out.deliveries[0].sent}, {"received", out.deliveries[0].received}};
    if (out.deliveries.size() > 1) {
      j["pairs"] = Json::array();
      for (const auto& d : out.deliveries)
        j["pairs"].push_back({{"sender", d.sender}, {"receiver", d.receiver}, {"sent", d.sent},
                              {"received", d.received}});
    }
    return j;
  }
  std::uint64_t sent = 0, received = 0, failed = 0;
  for (const auto& r : out.sweep) {
    sent += static_cast<std::uint64_t>(out.pairs) * 2 * (r.iterations + r.warmup);
    received += r.delivered;
    failed += r.corrupt;
  }
  return {{"sent", sent}, {"received", received}, {"failed_checks", failed},
          {"sizes", input.plan.sizes}};
}

void add_metrics(Report& report, const Output& out) {
  report.metrics["pairs"] = out.pairs;
  if (out.sweep.empty()) return;
  Json latency = Json::object(), bandwidth = Json::object();
  for (const auto& r : out.sweep) {
    latency[std::to_string(r.bytes)] = rounded(r.latency_us(), 1000);
    bandwidth[std::to_string(r.bytes)] = rounded(r.bandwidth_mbps(), 100);
  }
  report.metrics["latency_us"] = latency;
  report.metrics["bandwidth_MBps"] = bandwidth;
}

void print_notebook(std::ostream& os, const Input& input, const Output& out, const char* who,
                    const std::string& over) {
  if (input.mode == PipeMode::notebook) {
    for (const auto& d : out.deliveries) {
      os << "Value [" << d.sent << "] sent by PID [" << d.sender_pid << "] (" << who << ' '
         << d.sender << ")\n";
      os << "Value [" << d.received << "] received by PID [" << d.receiver_pid << "] (" << who
         << ' ' << d.receiver << ")\n";
    }
    if (out.idle >= 0) os << "Rank [" << out.idle << "] has no partner and idles\n";
    return;
  }
  os << "# pipe ping-pong over " << over << ", check: " << name_of(input.plan.check) << '\n'
     << "# " << std::left << std::setw(12) << "Size [B]" << std::right << std::setw(14)
     << "Latency [us]" << std::setw(19) << "Bandwidth [MB/s]" << std::setw(13) << "Iterations"
     << '\n';
  for (const auto& r : out.sweep)
    os << "  " << std::left << std::setw(12) << r.bytes << std::right << std::setw(14)
       << two_decimals(r.latency_us()) << std::setw(19) << two_decimals(r.bandwidth_mbps())
       << std::setw(13) << r.iterations << '\n';
}

}  // namespace hpcp::pipe
