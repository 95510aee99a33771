// Command-line parsing shared by every binary: the common flags, strict number
// validators and checked choices for the variant enums. Built on CLI11.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli_fwd.hpp"
#include "variants.hpp"

namespace hpcp {

// A validator for a decimal integer in [lo, hi]. Unlike CLI::Range it rejects
// "1e3", "0x10", a sign on unsigned values and overflow, with a message that
// says what is allowed.
CLI::Validator integer_in(std::int64_t lo, std::int64_t hi);
CLI::Validator unsigned_in(std::uint64_t lo, std::uint64_t hi);
CLI::Validator finite_in(double lo, double hi);

// --name LIST: comma-separated unsigned integers each in [lo, hi].
CLI::Validator unsigned_list_in(std::uint64_t lo, std::uint64_t hi);

// Add a flag whose value is one of the names of a variant table.
template <class E>
CLI::Option* add_choice(CLI::App& app, const std::string& flag, E& target,
                        const std::string& what) {
  const auto& table = choices(E{});
  std::string names;
  std::string help = what + " (default " + std::string(name_of(target)) + "):";
  for (const auto& c : table) {
    names += (names.empty() ? "" : "|") + std::string(c.name);
    help += "\n  " + std::string(c.name) + ": " + std::string(c.help);
  }
  auto* opt = app.add_option_function<std::string>(
      flag, [&target](const std::string& s) { target = *parse_choice<E>(s); }, help);
  opt->type_name("{" + names + "}");
  opt->check(CLI::Validator(
      [names](std::string& s) -> std::string {
        return parse_choice<E>(s) ? std::string{} : "must be one of " + names + ", got '" + s + "'";
      },
      ""));
  return opt;
}

void add_common_flags(CLI::App& app, CommonOptions& opt);

// The application object is made and destroyed in cli.cpp: CLI11 is header-only,
// and a translation unit that constructs a CLI::App compiles all of it (parser,
// formatter, config reader), about ten seconds a binary. An example's own TU only
// adds its options.
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
