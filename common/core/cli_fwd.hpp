// What the driver and the example modules need of the command line without
// CLI11 itself: the common options, the App (declared only) for the flag
// adders of flags.cpp, making and parsing an App (cli.cpp), and the list
// parser. CLI11 is header-only and costs 6-10 s of compile time in every
// translation unit that includes it; only cli.cpp and flags.cpp do.
#pragma once

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

struct CommonOptions {
  bool json = false;
  bool csv = false;
  bool quiet = false;
  int repeat = 1;
  std::uint64_t seed = 42;
  int threads = 0;         // 0: take OMP_NUM_THREADS / the runtime default
  double timeout = 600.0;  // seconds; 0 disables the watchdog
};

// Parse a comma-separated list of unsigned integers (already validated by
// unsigned_list_in; counts: 1K = 1000, as in cli.hpp).
std::vector<std::uint64_t> parse_unsigned_list(const std::string& text);

void add_common_flags(CLI::App& app, CommonOptions& opt);

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

// --flag NAME, one of a variant table's names; `assign` gets a valid name.
struct ChoiceText {
  std::string_view name, help;
};
CLI::Option* add_choice_flag(CLI::App& app, const std::string& flag, const std::string& what,
                             std::string_view current, std::vector<ChoiceText> table,
                             std::function<void(std::string_view)> assign);

template <class E>
CLI::Option* add_choice(CLI::App& app, const std::string& flag, E& target,
                        const std::string& what) {
  std::vector<ChoiceText> table;
  for (const auto& c : choices(E{})) table.push_back({c.name, c.help});
  return add_choice_flag(app, flag, what, name_of(target), std::move(table),
                         [&target](std::string_view name) { target = *parse_choice<E>(name); });
}

// The application object is made and destroyed in cli.cpp: a translation unit
// that constructs a CLI::App compiles all of CLI11 (parser, formatter, config
// reader). An example's own TU only hands the App to its flag adder.
struct AppDeleter {
  void operator()(CLI::App* app) const;
};
using AppPtr = std::unique_ptr<CLI::App, AppDeleter>;
AppPtr make_app(std::string_view summary, const std::string& program);

// Outcome of parsing: run, or stop with this exit code (0 after --help, 2 on a
// usage error) having printed the help or one "error:" line when `speak`.
struct ParseOutcome {
  bool run = true;
  int exit_code = 0;
};
ParseOutcome parse_command_line(CLI::App& app, int argc, char** argv, bool speak);

// OMP_NUM_THREADS must be a list of positive integers when set; libgomp would
// otherwise warn and silently use its default.
std::optional<std::string> check_omp_environment();

}  // namespace hpcp
