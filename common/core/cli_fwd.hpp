// What the driver and the example modules need of the command line without
// CLI11 itself: the common options, the App (declared only) for the flag
// adders of flags.cpp, making and parsing an App (cli.cpp), and the list
// parser. CLI11 is header-only and costs 6-10 s of compile time in every
// translation unit that includes it; only cli.cpp and flags.cpp do.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/variants.hpp"

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
class Option;
}  // namespace CLI

namespace hpcp {

// --progress / --no-progress; automatic: shown when stderr is a terminal.
enum class ProgressMode { automatic, on, off };

struct CommonOptions {
  bool json = false;
  bool csv = false;
  bool quiet = false;
  int repeat = 1;
  bool repeat_auto = false;            // --repeat auto (the default under --size small and large)
  bool repeat_given = false;           // --repeat on the command line or in the preset
  std::string size = "notebook";       // --size: the preset's name
  std::vector<std::string> size_args;  // the preset's arguments that applied
  ProgressMode progress = ProgressMode::automatic;
  std::uint64_t seed = 42;
  int threads = 0;         // 0: take OMP_NUM_THREADS / the runtime default
  double timeout = 600.0;  // seconds; 0 disables the watchdog
};

// Parse a comma-separated list of unsigned integers (already validated by
// unsigned_list_in; counts: 1K = 1000, as in cli.hpp).
std::vector<std::uint64_t> parse_unsigned_list(const std::string& text);

void add_common_flags(CLI::App& app, CommonOptions& opt);

// --repeat auto: timed runs until at least auto_min_runs runs and auto_min_seconds
// of timed runs, and no more than auto_max_runs runs or auto_max_seconds.
inline constexpr int auto_min_runs = 5;
inline constexpr double auto_min_seconds = 0.5;
inline constexpr int auto_max_runs = 1000;
inline constexpr double auto_max_seconds = 60.0;
// Whether --repeat auto goes on after `runs` timed runs that took `seconds` in all.
inline bool auto_repeat_more(int runs, double seconds) {
  if (runs >= auto_max_runs || seconds >= auto_max_seconds) return false;
  return runs < auto_min_runs || seconds < auto_min_seconds;
}

struct SizeTable;
// --size NAME, one of the presets of `sizes` (the example's manifest); sets opt.size.
void add_size_flag(CLI::App& app, CommonOptions& opt, const SizeTable& sizes);

// --flag VALUE, an exact integer in [lo, hi] (1000, 1e3, 1K, 1Ki: cli.hpp; no
// "1.5", "0x10", sign on an unsigned value or overflow), shown in --help as `type_name`.
CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, int& target, std::int64_t lo,
                              std::int64_t hi, const std::string& help,
                              const std::string& type_name);
CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, std::int64_t& target,
                              std::int64_t lo, std::int64_t hi, const std::string& help,
                              const std::string& type_name);
CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, std::uint64_t& target,
                              std::uint64_t lo, std::uint64_t hi, const std::string& help,
                              const std::string& type_name);
// The text after the options in --help.
void set_footer(CLI::App& app, const std::string& text);

// --flag NAME, one of a variant table's names; `assign` gets a valid name. The
// choices in `refused` (a model cannot run them) are not offered in --help, and
// given anyway they are an error that says why; a name in neither list is an
// error that suggests the nearest offered name.
struct ChoiceText {
  std::string_view name, help;
};
CLI::Option* add_choice_flag(CLI::App& app, const std::string& flag, const std::string& what,
                             std::string_view current, const std::vector<ChoiceText>& table,
                             std::vector<ChoiceText> refused,
                             std::function<void(std::string_view)> assign);

// A choice a model refuses, and why (ChoiceText::help of the refusal).
template <class E>
struct RefusedChoice {
  E value;
  std::string_view why;
};

template <class E>
CLI::Option* add_choice(CLI::App& app, const std::string& flag, E& target, const std::string& what,
                        const std::vector<RefusedChoice<E>>& refused = {}) {
  std::vector<ChoiceText> table, refused_table;
  for (const auto& c : choices(E{})) {
    const auto r = std::find_if(refused.begin(), refused.end(),
                                [&c](const RefusedChoice<E>& x) { return x.value == c.value; });
    if (r == refused.end())
      table.push_back({c.name, c.help});
    else
      refused_table.push_back({c.name, r->why});
  }
  return add_choice_flag(app, flag, what, name_of(target), table, std::move(refused_table),
                         [&target](std::string_view name) { target = *parse_choice<E>(name); });
}

// "Did you mean": the Damerau-Levenshtein distance (optimal string alignment:
// insertions, deletions, substitutions and swaps of neighbours, each 1) and the
// candidate nearest to `given`, if one is near enough to be a typo of it: at
// most 2 edits, and at most a third of its length (leading dashes aside), so
// that "--n" suggests nothing for "--x". Ties go to the earlier candidate.
std::size_t edit_distance(std::string_view a, std::string_view b);
std::optional<std::string> nearest_name(std::string_view given,
                                        const std::vector<std::string>& candidates);

// The application object is made and destroyed in cli.cpp: a translation unit
// that constructs a CLI::App compiles all of CLI11 (parser, formatter, config
// reader). An example's own TU only hands the App to its flag adder.
struct AppDeleter {
  void operator()(CLI::App* app) const;
};
using AppPtr = std::unique_ptr<CLI::App, AppDeleter>;
AppPtr make_app(std::string_view summary, const std::string& program);

// What a model adds to the common command line (the drivers fill it in).
struct RefusedFlag {
  std::string flag;  // "--threads"
  std::string why;   // "one thread per rank; ..."
};
struct ModelCli {
  std::string program;               // "omp_mapreduce": in --help, --version and refusals
  std::string version;               // more --version lines (the MPI library)
  std::string help_note;             // more --help text (the ranks an MPI binary needs)
  std::vector<RefusedFlag> refused;  // flags the model does not use: hidden, and refused
  const SizeTable* sizes = nullptr;  // --size's presets (add_size_flag), if offered
};

// The --version text: project version and git revision, compiler, OpenMP,
// then `model.version`.
std::string version_text(const ModelCli& model);

// Outcome of parsing: run, or stop with this exit code (0 after --help or
// --version, 2 on a usage error) having printed the help, the version or one
// "error:" line when `speak`.
// Under --size, the preset's arguments come before the command line's; a flag
// given on the command line, or one it excludes (--values vs --n), drops the
// preset's (with its values). `size_args` are the preset's arguments that applied.
struct ParseOutcome {
  bool run = true;
  int exit_code = 0;
  std::vector<std::string> size_args;
};
ParseOutcome parse_command_line(CLI::App& app, int argc, char** argv, bool speak,
                                const ModelCli& model = {});

// The OpenMP variables checked before the runtime reads them: OMP_NUM_THREADS
// (positive integers, comma-separated), OMP_PROC_BIND (true, false or a list of
// primary/master/close/spread), OMP_WAIT_POLICY (active, passive), OMP_DYNAMIC
// (true, false). libgomp reads them when it is loaded, before main, and on a
// value it cannot parse prints a blank line and a warning and uses its default.
// hide_invalid_omp_environment(envp), run by every binary before any library's
// constructor (core/main.cpp), moves an invalid value out of the runtime's sight,
// and check_omp_environment() then refuses it with our own error line.
void hide_invalid_omp_environment(char** envp) noexcept;
std::optional<std::string> check_omp_environment();

}  // namespace hpcp
