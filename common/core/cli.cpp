#include "common/core/cli.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace hpcp {
namespace {

template <class T>
std::optional<T> parse_decimal(std::string_view s) {
  T value{};
  if (s.empty()) return std::nullopt;
  if constexpr (std::is_unsigned_v<T>)
    if (s.front() == '-' || s.front() == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

template <class T>
std::string range_text(T lo, T hi) {
  return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

template <class T>
CLI::Validator checked_integer(T lo, T hi) {
  const std::string allowed = range_text(lo, hi);
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        auto v = parse_decimal<T>(s);
        if (!v || *v < lo || *v > hi) return "must be " + allowed + ", got '" + s + "'";
        return {};
      },
      "");
}

// Every comma-separated item of `list` a decimal integer in [lo, hi].
bool every_item_in(std::string_view list, std::uint64_t lo, std::uint64_t hi) {
  while (true) {
    const auto comma = list.find(',');
    const auto v = parse_decimal<std::uint64_t>(list.substr(0, comma));
    if (!v || *v < lo || *v > hi) return false;
    if (comma == std::string_view::npos) return true;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

CLI::Validator integer_in(std::int64_t lo, std::int64_t hi) { return checked_integer(lo, hi); }
CLI::Validator unsigned_in(std::uint64_t lo, std::uint64_t hi) { return checked_integer(lo, hi); }

CLI::Validator finite_in(double lo, double hi) {
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
          return "must be a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                 ", got '" + s + "'";
        return {};
      },
      "");
}

CLI::Validator unsigned_list_in(std::uint64_t lo, std::uint64_t hi) {
  const std::string allowed =
      "a comma-separated list of integers from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        if (every_item_in(s, lo, hi)) return {};
        return "must be " + allowed + ", got '" + s + "'";
      },
      "");
}

std::vector<std::uint64_t> parse_unsigned_list(const std::string& text) {
  std::vector<std::uint64_t> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    out.push_back(parse_decimal<std::uint64_t>(rest.substr(0, comma)).value());
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

namespace {
template <class T, class Bound>
CLI::Option* integer_flag(CLI::App& app, const std::string& flag, T& target, Bound lo, Bound hi,
                          const std::string& help, const std::string& type_name) {
  return app.add_option(flag, target, help)->check(checked_integer(lo, hi))->type_name(type_name);
}
}  // namespace

CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, int& target, std::int64_t lo,
                              std::int64_t hi, const std::string& help,
                              const std::string& type_name) {
  return integer_flag(app, flag, target, lo, hi, help, type_name);
}

CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, std::int64_t& target,
                              std::int64_t lo, std::int64_t hi, const std::string& help,
                              const std::string& type_name) {
  return integer_flag(app, flag, target, lo, hi, help, type_name);
}

CLI::Option* add_integer_flag(CLI::App& app, const std::string& flag, std::uint64_t& target,
                              std::uint64_t lo, std::uint64_t hi, const std::string& help,
                              const std::string& type_name) {
  return integer_flag(app, flag, target, lo, hi, help, type_name);
}

void add_common_flags(CLI::App& app, CommonOptions& opt) {
  app.add_flag("--json", opt.json, "print exactly one JSON object on stdout and nothing else");
  app.add_flag("--csv", opt.csv, "print a CSV header and one row instead of the report");
  app.add_flag("--quiet", opt.quiet, "omit the notebook print-out, keep the report");
  add_integer_flag(app, "--repeat", opt.repeat, 1, 1000000,
                   "timed repetitions after one warm-up (min and median reported)", "R");
  add_integer_flag(app, "--seed", opt.seed, 0, UINT64_MAX,
                   "seed of the random inputs (reproducible)", "S");
  add_integer_flag(app, "--threads", opt.threads, 1, 4096,
                   "OpenMP threads (overrides OMP_NUM_THREADS)", "T");
  app.add_option("--timeout", opt.timeout,
                 "watchdog: end a stuck run after S seconds, naming the phase (0: never)")
      ->check(finite_in(0, 1e7))
      ->type_name("S");
  app.get_formatter()->column_width(34);
}

void set_footer(CLI::App& app, const std::string& text) { app.footer(text); }

CLI::Option* add_choice_flag(CLI::App& app, const std::string& flag, const std::string& what,
                             std::string_view current, std::vector<ChoiceText> table,
                             std::function<void(std::string_view)> assign) {
  std::string names;
  std::string help = what + " (default " + std::string(current) + "):";
  for (const auto& c : table) {
    names += (names.empty() ? "" : "|") + std::string(c.name);
    help += "\n  " + std::string(c.name) + ": " + std::string(c.help);
  }
  auto* opt = app.add_option_function<std::string>(
      flag, [assign = std::move(assign)](const std::string& s) { assign(s); }, help);
  opt->type_name("{" + names + "}");
  opt->check(CLI::Validator(
      [names, table = std::move(table)](std::string& s) -> std::string {
        for (const auto& c : table)
          if (c.name == s) return {};
        return "must be one of " + names + ", got '" + s + "'";
      },
      ""));
  return opt;
}

void AppDeleter::operator()(CLI::App* app) const { delete app; }

AppPtr make_app(std::string_view summary, const std::string& program) {
  return AppPtr(new CLI::App(std::string(summary), program));
}

ParseOutcome parse_command_line(CLI::App& app, int argc, char** argv, bool speak) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (speak) std::cout << app.help();
    return {false, 0};
  } catch (const CLI::ParseError& e) {
    if (speak) std::cerr << "error: " << e.what() << " (see --help)\n";
    return {false, 2};
  }
  const auto* json = app.get_option_no_throw("--json");
  const auto* csv = app.get_option_no_throw("--csv");
  if (json && csv && json->count() > 0 && csv->count() > 0) {
    if (speak) std::cerr << "error: --json, --csv: choose one output format\n";
    return {false, 2};
  }
  if (auto problem = check_omp_environment()) {
    if (speak) std::cerr << "error: " << *problem << '\n';
    return {false, 2};
  }
  return {true, 0};
}

std::optional<std::string> check_omp_environment() {
  // Start-up, before any thread: getenv cannot race a setenv.
  const char* env = std::getenv("OMP_NUM_THREADS");  // NOLINT(concurrency-mt-unsafe)
  if (env == nullptr) return std::nullopt;
  std::string text = env;
  if (text.empty())
    return "OMP_NUM_THREADS: must be a positive integer (or a comma list of them), got ''";
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    auto v = parse_decimal<int>(rest.substr(0, comma));
    if (!v || *v < 1)
      return "OMP_NUM_THREADS: must be a positive integer (or a comma list of them), got '" + text +
             "'";
    if (comma == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(comma + 1);
  }
}

}  // namespace hpcp
