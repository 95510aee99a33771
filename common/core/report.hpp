// One results struct, three forms: the human block, one JSON object (schema 1)
// and one CSV row whose header comes from the same field list.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/core/timing.hpp"

namespace hpcp {

using Json = nlohmann::ordered_json;

struct Report {
  std::string example;
  std::string model;  // "openmp", "mpi" or "hybrid"
  int ranks = 1;
  int nodes = 1;                       // distinct hosts (shared-memory domains) the ranks run on
  std::vector<int> ranks_per_node{1};  // one entry per node, in rank 0's node first
  int threads = 1;                     // obtained (per rank)
  int threads_requested = 0;           // 0: none asked for, the runtime's default
  Json params = Json::object();
  Json result;
  Json metrics = Json::object();  // example-specific figures (items/s, GB/s, ...)
  bool verified = false;
  std::vector<std::string> verification_messages;
  std::vector<std::string> notes;
  double serial_seconds = 0;
  TimingStats parallel;
  int repeat = 1;                        // timed parallel runs made
  bool repeat_auto = false;              // --repeat auto chose that count
  std::string size_preset = "notebook";  // --size
  std::vector<std::string> size_args;    // the preset's arguments that applied
  // The most workers that work at once, which a speedup cannot beat (beyond
  // noise): set by an example whose team has idle members (a producer that
  // sleeps, a rank that only hands out work); 0: ranks x threads.
  int speedup_bound = 0;
  std::uint64_t seed = 0;
  Json provenance = Json::object();
  std::string binding;  // OpenMP runs: where the team's threads ran, one line
  // A result that is a table (pipe's OSU-style sweep): its lines ('#' before the
  // headers) come first, also under --quiet, and the report's own lines are then
  // '#'-prefixed, so that a script skipping '#' lines reads the table alone;
  // --csv prints one row per entry of table_rows (the common columns but
  // metrics, then the row's own).
  std::vector<std::string> table;
  Json table_rows = Json::array();
  bool quiet = false;       // --quiet: after a table, only the verdict of the report
  bool has_speedup = true;  // false: a latency or bandwidth run, no "Speedup:" line

  double speedup() const;
  // The bound a speedup is judged against (none where has_speedup is false), and
  // "above_bound" where the speedup exceeds it by more than 5 % (else "").
  std::optional<int> bound() const;
  std::string speedup_flag() const;
  // ranks_per_node as JSON: a number when every node holds as many ranks, else the list.
  Json ranks_per_node_json() const;
  Json to_json() const;
  void print_human(std::ostream& os) const;
  void print_json(std::ostream& os) const;  // one line: the JSON object
  void print_csv(std::ostream& os) const;   // two lines: header and row
  static std::string csv_header();
  std::string csv_row() const;
};

// Provenance of this process: compiler and flags, git revision, host, CPU, the
// OpenMP environment. MPI adds its library and thread level.
Json base_provenance();

// A number with `digits` decimals, for notes and print-outs.
std::string fixed(double value, int digits);

// Number of threads a `#pragma omp parallel` region gets now.
int openmp_team_size();

// How a team of `team` OpenMP threads is bound: the binding policy in force
// (omp_get_proc_bind), the places (omp_get_num_places), OMP_WAIT_POLICY, and
// the place and CPU each thread of such a team runs on (omp_get_place_num,
// sched_getcpu), probed in a parallel region of that size after the timed
// runs, as provenance.openmp_binding. Bound threads keep their places; unbound
// ones may move.
Json openmp_binding(int team);
// The same for the human report, one line.
std::string binding_line(const Json& binding);
// What OMP_NUM_THREADS asks for (its first level), 0 when unset.
int omp_num_threads_env();

}  // namespace hpcp
