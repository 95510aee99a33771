#include "common/core/report.hpp"

#include <omp.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string_view>

#include "build_info.hpp"

namespace hpcp {
namespace {

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): nothing calls setenv then
  return v ? v : "";
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

std::string utc_now() {
  std::array<char, 32> buf{};
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

std::string seconds_text(double s) {
  std::ostringstream os;
  os << std::setprecision(4) << s << " s";
  return os.str();
}

// The CSV columns, in order: the same names as the JSON fields.
constexpr std::array csv_fields{"example",
                                "model",
                                "ranks",
                                "nodes",
                                "ranks_per_node",
                                "threads",
                                "threads_requested",
                                "params",
                                "size_preset",
                                "verified",
                                "serial_seconds",
                                "parallel_seconds",
                                "parallel_min",
                                "parallel_mean",
                                "parallel_max",
                                "speedup",
                                "speedup_bound",
                                "speedup_flag",
                                "repeat",
                                "repeat_mode",
                                "seed",
                                "metrics"};

// Metrics in the human block: floats to 4 significant digits (the JSON keeps
// them whole), integers and strings as they are.
std::string human_value(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    std::ostringstream os;
    os << std::setprecision(4) << v.get<double>();
    return os.str();
  }
  return v.dump();
}

}  // namespace

Json Report::ranks_per_node_json() const {
  if (!ranks_per_node.empty() && std::all_of(ranks_per_node.begin(), ranks_per_node.end(),
                                             [&](int r) { return r == ranks_per_node.front(); }))
    return ranks_per_node.front();
  return ranks_per_node;
}

double Report::speedup() const {
  return parallel.median > 0 ? serial_seconds / parallel.median : 0.0;
}

std::optional<int> Report::bound() const {
  if (!has_speedup) return std::nullopt;
  return speedup_bound > 0 ? speedup_bound : ranks * threads;
}

std::string Report::speedup_flag() const {
  constexpr double noise = 1.05;  // a speedup this far above the bound is flagged
  const auto b = bound();
  return b && speedup() > noise * *b ? "above_bound" : "";
}

Json Report::to_json() const {
  Json j;
  j["schema"] = 1;
  j["example"] = example;
  j["model"] = model;
  j["ranks"] = ranks;
  j["nodes"] = nodes;
  j["ranks_per_node"] = ranks_per_node_json();
  j["threads"] = threads;
  j["threads_requested"] = threads_requested;
  j["params"] = params;
  j["size_preset"] = size_preset;
  j["size_args"] = size_args;
  j["result"] = result;
  j["verified"] = verified;
  if (!verification_messages.empty()) j["verification_messages"] = verification_messages;
  j["serial_seconds"] = serial_seconds;
  j["parallel_seconds"] = parallel.median;
  j["parallel_min"] = parallel.min;
  j["parallel_mean"] = parallel.mean;
  j["parallel_max"] = parallel.max;
  j["speedup"] = speedup();
  const auto b = bound();
  j["speedup_bound"] = b ? Json(*b) : Json(nullptr);
  j["speedup_flag"] = speedup_flag();
  j["metrics"] = metrics;
  j["repeat"] = repeat;
  j["repeat_mode"] = repeat_auto ? "auto" : "fixed";
  j["seed"] = seed;
  j["provenance"] = provenance;
  return j;
}

void Report::print_human(std::ostream& os) const {
  for (const auto& row : table) os << row << '\n';
  const std::string lead = table.empty() ? "" : "# ";
  auto line = [&os, &lead](const char* key, const std::string& value) {
    os << lead << std::left << std::setw(18) << key << value << '\n';
  };
  auto verdict = [&] {
    for (const auto& m : verification_messages) line("Mismatch:", m);
    line("Verification:", verified ? "SUCCESSFUL" : "FAILED");
  };
  if (!table.empty() && quiet) return verdict();
  std::string size;
  for (const auto& [k, v] : params.items())
    size += (size.empty() ? "" : " ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  auto count = [](int n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  std::string workers = model == "openmp" ? count(threads, "thread") : count(ranks, "rank");
  if (model == "hybrid") workers += " x " + count(threads, "thread");
  if (model != "mpi")
    workers += threads_requested > 0 ? " (requested " + std::to_string(threads_requested) + ")"
                                     : " (runtime default)";
  if (model != "openmp") {
    const Json per_node = ranks_per_node_json();
    workers +=
        " on " + count(nodes, "node") + " (" +
        (per_node.is_number() ? count(per_node.get<int>(), "rank") : per_node.dump() + " ranks") +
        " per node)";
  }
  os << lead << "--- hpc-patterns report ---\n";
  line("Example:", example);
  line("Model:", model);
  line("Workers:", workers);
  line("Size:", size);
  if (size_preset != "notebook") {
    std::string args;
    for (const auto& a : size_args) args += (args.empty() ? "" : " ") + a;
    line("Size preset:", size_preset + " (" + (args.empty() ? "no flags applied" : args) + ")");
  }
  line("Serial time:", seconds_text(serial_seconds));
  std::ostringstream par;
  par << seconds_text(parallel.median) << " (median of " << count(parallel.count, "run")
      << (repeat_auto ? ", --repeat auto" : "") << "; min " << seconds_text(parallel.min)
      << ", max " << seconds_text(parallel.max) << ")";
  line("Parallel time:", par.str());
  if (const auto b = bound()) {
    const std::string most = count(*b, "worker");
    line("Speedup:", fixed(speedup(), 2) +
                         (speedup_flag().empty()
                              ? " (bound: " + most + ")"
                              : " (above the bound of " + most + ": noise - see the spread)"));
  }
  for (const auto& [k, v] : metrics.items())
    if (table.empty() || !v.is_object())
      line((k + ": ").c_str(), human_value(v));  // else: the table
  if (!binding.empty()) line("Binding:", binding);
  for (const auto& n : notes) line("Note:", n);
  verdict();
}

void Report::print_json(std::ostream& os) const { os << to_json().dump() << '\n'; }

void Report::print_csv(std::ostream& os) const {
  if (table_rows.empty()) {
    os << csv_header() << '\n' << csv_row() << '\n';
    return;
  }
  // One row per table row: the common columns (metrics are the rows), then the row's.
  const Json j = to_json();
  auto cell = [](const Json& v) {
    return csv_quote(v.is_string() ? v.get<std::string>() : v.dump());
  };
  std::string header, common;
  for (const char* f : csv_fields) {
    if (std::string_view(f) == "metrics") continue;
    header += std::string(header.empty() ? "" : ",") + f;
    common += (common.empty() ? "" : ",") + cell(j.at(f));
  }
  for (const auto& [k, v] : table_rows.front().items()) header += "," + k;
  os << header << '\n';
  for (const auto& row : table_rows) {
    os << common;
    for (const auto& [k, v] : row.items()) os << ',' << cell(v);
    os << '\n';
  }
}

std::string Report::csv_header() {
  std::string out;
  for (const char* f : csv_fields) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

std::string Report::csv_row() const {
  const Json j = to_json();
  std::string out;
  for (const char* f : csv_fields) {
    const Json& v = j.at(f);
    if (!out.empty()) out += ',';
    out += csv_quote(v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

Json base_provenance() {
  Json p;
  p["compiler"] = build_info::compiler;
  p["build_type"] = build_info::build_type;
  p["flags"] = build_info::flags;
  p["git_revision"] = build_info::git_revision;
  p["version"] = build_info::version;
  p["openmp"] = _OPENMP;
  p["OMP_NUM_THREADS"] = env_or_empty("OMP_NUM_THREADS");
  p["OMP_PROC_BIND"] = env_or_empty("OMP_PROC_BIND");
  p["OMP_PLACES"] = env_or_empty("OMP_PLACES");
  p["OMP_WAIT_POLICY"] = env_or_empty("OMP_WAIT_POLICY");
  std::array<char, 256> host{};
  gethostname(host.data(), host.size() - 1);
  p["host"] = host.data();
  p["cpu"] = cpu_model();
  p["logical_cpus"] = omp_get_num_procs();
  p["date"] = utc_now();
  return p;
}

std::string fixed(double value, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << value;
  return os.str();
}

int openmp_team_size() {
  int n = 1;
#pragma omp parallel
  {
#pragma omp single
    n = omp_get_num_threads();
  }
  return n;
}

int omp_num_threads_env() {
  const std::string v = env_or_empty("OMP_NUM_THREADS");
  return v.empty() ? 0 : std::atoi(v.c_str());
}

namespace {
const char* proc_bind_name(omp_proc_bind_t b) {
  switch (b) {
    case omp_proc_bind_false:
      return "false";
    case omp_proc_bind_true:
      return "true";
    case omp_proc_bind_master:
      return "primary";
    case omp_proc_bind_close:
      return "close";
    case omp_proc_bind_spread:
      return "spread";
  }
  return "unknown";
}

std::string list_text(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}
}  // namespace

Json openmp_binding(int team) {
  team = std::max(team, 1);
  std::vector<int> places(static_cast<std::size_t>(team), -1), cpus(places);
  const omp_proc_bind_t bind = omp_get_proc_bind();
  int got = 1;
#pragma omp parallel num_threads(team)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    if (t < places.size()) {
      places[t] = omp_get_place_num();
      cpus[t] = sched_getcpu();
    }
#pragma omp single
    got = omp_get_num_threads();
  }
  places.resize(static_cast<std::size_t>(got));
  cpus.resize(static_cast<std::size_t>(got));
  return {{"proc_bind", proc_bind_name(bind)},
          {"num_places", omp_get_num_places()},
          {"OMP_PLACES", env_or_empty("OMP_PLACES")},
          {"OMP_WAIT_POLICY", env_or_empty("OMP_WAIT_POLICY")},
          {"thread_places", places},
          {"thread_cpus", cpus}};
}

std::string binding_line(const Json& binding) {
  const auto bind = binding.at("proc_bind").get<std::string>();
  const auto wait = binding.at("OMP_WAIT_POLICY").get<std::string>();
  const auto places = binding.at("thread_places").get<std::vector<int>>();
  const auto cpus = binding.at("thread_cpus").get<std::vector<int>>();
  const bool bound = bind != "false";
  return "proc_bind=" + bind + " places=" + std::to_string(binding.at("num_places").get<int>()) +
         (bound ? " threads on places [" + list_text(places) + "] CPUs [" + list_text(cpus) + "]"
                : " threads unbound, last seen on CPUs [" + list_text(cpus) + "]") +
         " OMP_WAIT_POLICY=" + (wait.empty() ? "(unset)" : wait);
}

}  // namespace hpcp
