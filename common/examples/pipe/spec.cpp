#include "common/examples/pipe/spec.hpp"

#include <cstring>

namespace hpcp::pipe {

std::optional<std::string> Options::validate() const {
  if (mode == PipeMode::notebook && !pingpong_flag.empty())
    return pingpong_flag + ": only with --mode pingpong or --mode bw";
  return std::nullopt;
}

Plan Options::plan() const {
  Plan p;
  if (mode == PipeMode::notebook) return p;
  if (!message_size.empty()) {  // "MIN:MAX", checked by its flag
    const auto colon = message_size.find(':');
    p.sizes = power_of_two_sizes(std::stoull(message_size.substr(0, colon)),
                                 std::stoull(message_size.substr(colon + 1)));
  } else if (sizes.empty()) {
    p.sizes = default_sizes();
  } else {
    for (auto s : parse_unsigned_list(sizes)) p.sizes.push_back(static_cast<std::size_t>(s));
  }
  if (mode == PipeMode::bw) p.window = bw_window;
  p.iterations = iterations;
  p.warmup = warmup;
  p.check = check;
  return p;
}

Json Options::params() const {
  Json j{{"mode", name_of(mode)}};
  if (mode == PipeMode::notebook) return j;
  return merged(j, sweep_params(plan()));
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
    case PipeMode::pingpong:
    case PipeMode::bw:
      out.pairs = 1;  // one loopback pair, whatever the parallel run has
      out.sweep = serial_sweep(input.plan);
      return out;
  }
  return out;
}

void verify(const Input& input, const Output& serial, const Output& parallel, Verdict& verdict) {
  const auto pairs = static_cast<std::uint64_t>(input.values.size());
  verdict.check(parallel.pairs == static_cast<int>(pairs), "pairs",
                std::to_string(parallel.pairs) + ", expected " + std::to_string(pairs));
  if (input.mode != PipeMode::notebook) {
    verify_sweep(input.plan, parallel.pairs, serial.sweep, parallel.sweep, verdict);
    return;
  }
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
}

Json result_json(const Input& input, const Output& out) {
  if (input.mode != PipeMode::notebook) return sweep_json(input.plan, out.sweep, out.pairs);
  if (out.deliveries.empty()) return Json::object();
  Json j{{"sent", out.deliveries[0].sent}, {"received", out.deliveries[0].received}};
  if (out.deliveries.size() > 1) {
    j["pairs"] = Json::array();
    for (const auto& d : out.deliveries)
      j["pairs"].push_back({{"sender", d.sender},
                            {"receiver", d.receiver},
                            {"sent", d.sent},
                            {"received", d.received}});
  }
  return j;
}

void add_metrics(Report& report, const Input& input, const Output& out, const std::string& over) {
  report.metrics["pairs"] = out.pairs;
  if (input.mode != PipeMode::notebook) add_sweep_report(report, input.plan, out.sweep, over);
}

std::string time_note(PipeMode mode, const std::string& serial) {
  switch (mode) {
    case PipeMode::pingpong:
      return "latency = round trip / 2 (osu_latency); the serial baseline is " + serial;
    case PipeMode::bw:
      return "bandwidth = bytes x " + std::to_string(bw_window) +
             " x iterations / the sender's time, acks included (osu_bw); the serial baseline "
             "is " +
             serial;
    case PipeMode::notebook:
      break;
  }
  return "one 8-byte message: the time is the hand-off's, there is nothing to speed up";
}

void print_notebook(std::ostream& os, const Input& input, const Output& out, const char* who) {
  if (input.mode != PipeMode::notebook) return;  // the report prints the table
  for (const auto& d : out.deliveries) {
    os << "Value [" << d.sent << "] sent by PID [" << d.sender_pid << "] (" << who << ' '
       << d.sender << ")\n";
    os << "Value [" << d.received << "] received by PID [" << d.receiver_pid << "] (" << who << ' '
       << d.receiver << ")\n";
  }
  if (out.idle >= 0) os << "Rank [" << out.idle << "] has no partner and idles\n";
}

}  // namespace hpcp::pipe
