#include "common/core/cli.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <sstream>

#include "build_info.hpp"
#include "common/core/sizes.hpp"

namespace hpcp {
namespace {

template <class T>
std::optional<T> parse_decimal(std::string_view s) {  // OMP_NUM_THREADS: as libgomp reads it
  T value{};
  if (s.empty()) return std::nullopt;
  if constexpr (std::is_unsigned_v<T>)
    if (s.front() == '-' || s.front() == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of `text` as a T, or nullopt (not exact, or outside T).
template <class T>
std::optional<T> exact_value(std::string_view text, Units units) {
  const ParsedInteger p = parse_integer(text, units);
  if (!p.exact || p.too_large) return std::nullopt;
  if (!p.negative) {
    if (p.magnitude > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      return std::nullopt;
    return static_cast<T>(p.magnitude);
  }
  if constexpr (std::is_signed_v<T>) {
    // -(2^63) is the one magnitude that does not fit a positive int64.
    if (p.magnitude > static_cast<std::uint64_t>(std::numeric_limits<T>::max()) + 1)
      return std::nullopt;
    return static_cast<T>(-static_cast<T>(p.magnitude - 1) - 1);
  }
  return std::nullopt;
}

template <class T>
std::string range_text(T lo, T hi) {
  return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

// The message for a refused value, and the value rewritten as plain decimals.
template <class T>
std::string check_and_rewrite(std::string& s, T lo, T hi, Units units) {
  const ParsedInteger p = parse_integer(s, units);
  const std::string allowed = range_text(lo, hi);
  if (!p.exact) return "must be " + allowed + ", got '" + s + "' (not an exact integer)";
  const auto v = exact_value<T>(s, units);
  if (!v || *v < lo || *v > hi) {
    const bool plain =
        std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || c == '-'; });
    const std::string value = p.too_large  ? "beyond 2^64"
                              : p.negative ? "-" + std::to_string(p.magnitude)
                                           : std::to_string(p.magnitude);
    return "must be " + allowed + ", got '" + s + "'" + (plain ? "" : " (= " + value + ")");
  }
  s = std::to_string(*v);
  return {};
}

// 0.5 -> "0.5", 60 -> "60".
std::string fixed_text(double value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

template <class T>
CLI::Validator checked_integer(T lo, T hi, Units units) {
  return CLI::Validator([=](std::string& s) { return check_and_rewrite(s, lo, hi, units); }, "");
}

}  // namespace

ParsedInteger parse_integer(std::string_view text, Units units) {
  // mantissa [eE exponent] [suffix]: the digits D (trailing zeros dropped), then
  // value = D * 10^(exponent - fraction digits) * suffix, exact in 128 bits.
  __extension__ typedef unsigned __int128 Wide;  // NOLINT(modernize-use-using): pedantic needs it
  constexpr Wide cap = Wide{1} << 96;            // far above 2^64; D * suffix stays below 2^127
  ParsedInteger out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && text[i] == '-') {
    out.negative = true;
    ++i;
  }
  std::string digits;
  long scale = 0;  // digits after the point
  bool point = false;
  for (; i < n && (is_digit(text[i]) || (text[i] == '.' && !point)); ++i) {
    if (text[i] == '.') {
      point = true;
    } else {
      digits += text[i];
      scale += point ? 1 : 0;
    }
  }
  if (digits.empty()) return {};
  long exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool minus = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) minus = text[i++] == '-';
    if (i == n || !is_digit(text[i])) return {};
    for (; i < n && is_digit(text[i]); ++i)
      exponent = std::min(exponent * 10 + (text[i] - '0'), 100000L);
    if (minus) exponent = -exponent;
  }
  Wide suffix = 1;
  if (i < n) {
    const std::string_view rest = text.substr(i);
    const int power = rest[0] == 'K' || rest[0] == 'k' ? 1
                      : rest[0] == 'M'                 ? 2
                      : rest[0] == 'G'                 ? 3
                                                       : 0;
    const bool binary = rest.size() == 2 && rest[1] == 'i';
    if (power == 0 || rest.size() > 2 || (rest.size() == 2 && !binary)) return {};
    const Wide base = binary || units == Units::bytes ? 1024 : 1000;
    for (int p = 0; p < power; ++p) suffix *= base;
  }
  while (digits.size() > 1 && digits.back() == '0') {  // 1.50 -> 1.5, 1000 -> 1 (scale -3)
    digits.pop_back();
    --scale;
  }
  Wide value = 0;
  bool huge = false;
  for (char c : digits) {
    value = value * 10 + static_cast<Wide>(c - '0');
    if (value >= cap) {
      huge = true;
      break;
    }
  }
  long shift = exponent - scale;
  if (!huge) {
    value *= suffix;
    for (; shift < 0 && value != 0; ++shift) {  // the fraction must vanish exactly
      if (value % 10 != 0) return {};
      value /= 10;
    }
    for (; shift > 0 && value != 0 && !huge; --shift) huge = (value *= 10) >= cap;
  }
  out.exact = true;
  out.too_large = huge || value > std::numeric_limits<std::uint64_t>::max();
  out.magnitude = out.too_large ? 0 : static_cast<std::uint64_t>(value);
  out.negative = out.negative && (out.too_large || out.magnitude != 0);
  return out;
}

std::string integer_forms_help(Units units) {
  return units == Units::bytes
             ? "Sizes in bytes are exact integers: 4096, 4e3, 4K, 4Ki; K, M, G and Ki, Mi, Gi are "
               "binary (4K = 4096, 1M = 1048576, as OSU)."
             : "Integers are exact in any common form: 1000000, 1e6, 1M, 1.5K (= 1500), 4Mi "
               "(= 4194304); K, M, G are 10^3, 10^6, 10^9, Ki, Mi, Gi binary; 1.5 and 1e-3 are "
               "refused.";
}

CLI::Validator integer_in(std::int64_t lo, std::int64_t hi, Units units) {
  return checked_integer(lo, hi, units);
}
CLI::Validator unsigned_in(std::uint64_t lo, std::uint64_t hi, Units units) {
  return checked_integer(lo, hi, units);
}

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

CLI::Validator unsigned_list_in(std::uint64_t lo, std::uint64_t hi, Units units) {
  const std::string allowed =
      "a comma-separated list of integers from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        // Every item an exact integer in [lo, hi]; the list rewritten as plain decimals.
        std::string plain;
        std::string_view rest = s;
        bool ok = true;
        while (ok) {
          const auto comma = rest.find(',');
          const auto v = exact_value<std::uint64_t>(rest.substr(0, comma), units);
          ok = v && *v >= lo && *v <= hi;
          if (ok) plain.append(plain.empty() ? "" : ",").append(std::to_string(*v));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        if (!ok) return "must be " + allowed + ", got '" + s + "'";
        s = plain;
        return {};
      },
      "");
}

std::vector<std::uint64_t> parse_unsigned_list(const std::string& text) {
  std::vector<std::uint64_t> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    out.push_back(exact_value<std::uint64_t>(rest.substr(0, comma), Units::count).value());
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

namespace {
template <class T, class Bound>
CLI::Option* integer_flag(CLI::App& app, const std::string& flag, T& target, Bound lo, Bound hi,
                          const std::string& help, const std::string& type_name) {
  return app.add_option(flag, target, help)
      ->transform(checked_integer(lo, hi, Units::count))
      ->type_name(type_name);
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
  app.add_option_function<std::string>(
         "--repeat",
         [&opt](const std::string& text) {
           opt.repeat_given = true;
           opt.repeat_auto = text == "auto";
           if (!opt.repeat_auto) opt.repeat = static_cast<int>(parse_unsigned_list(text).front());
         },
         "timed repetitions after one warm-up (default 1; median, min and max reported), or "
         "auto: until at least " +
             std::to_string(auto_min_runs) + " runs and " + fixed_text(auto_min_seconds) +
             " s of timed runs, stopping at " + std::to_string(auto_max_runs) + " runs or " +
             fixed_text(auto_max_seconds) + " s; auto is the default under --size small and large")
      ->transform(CLI::Validator(
          [](std::string& s) -> std::string {
            if (s == "auto") return {};
            const std::string problem =
                check_and_rewrite<std::int64_t>(s, 1, 1000000, Units::count);
            return problem.empty() ? problem : problem + " or 'auto'";
          },
          ""))
      ->type_name("R|auto");
  add_integer_flag(app, "--seed", opt.seed, 0, UINT64_MAX,
                   "seed of the random inputs (reproducible)", "S");
  add_integer_flag(app, "--threads", opt.threads, 1, 4096,
                   "OpenMP threads (overrides OMP_NUM_THREADS)", "T");
  app.add_option("--timeout", opt.timeout,
                 "watchdog: end a stuck run after S seconds, naming the phase (0: never)")
      ->check(finite_in(0, 1e7))
      ->type_name("S");
  app.add_flag_callback(
      "--progress", [&opt] { opt.progress = ProgressMode::on; },
      "show the phase, repetition and elapsed time on stderr once a run passes 2 s (default: "
      "when stderr is a terminal)");
  app.add_flag_callback(
      "--no-progress", [&opt] { opt.progress = ProgressMode::off; },
      "never show progress (wins over --progress)");
  app.get_formatter()->column_width(34);
}

void add_size_flag(CLI::App& app, CommonOptions& opt, const SizeTable& sizes) {
  std::vector<ChoiceText> table;
  std::vector<std::string> texts;  // table's views point into these
  texts.reserve(sizes.presets.size());
  for (const auto& p : sizes.presets) {
    std::string text;
    for (const auto& a : p.args) text += (text.empty() ? "" : " ") + a;
    texts.push_back(text.empty() ? "the notebook's own sizes (no flags)" : text);
  }
  for (std::size_t i = 0; i < sizes.presets.size(); ++i)
    table.push_back({sizes.presets[i].name, texts[i]});
  add_choice_flag(app, "--size",
                  "size preset, from the example's manifest; flags given override the preset's, "
                  "and --repeat is auto under small and large",
                  opt.size, table, {}, [&opt](std::string_view name) { opt.size = name; });
}

void set_footer(CLI::App& app, const std::string& text) { app.footer(text); }

CLI::Option* add_choice_flag(CLI::App& app, const std::string& flag, const std::string& what,
                             std::string_view current, const std::vector<ChoiceText>& table,
                             std::vector<ChoiceText> refused,
                             std::function<void(std::string_view)> assign) {
  std::string names;
  std::vector<std::string> offered;
  std::string help = what + " (default " + std::string(current) + "):";
  for (const auto& c : table) {
    names += (names.empty() ? "" : "|") + std::string(c.name);
    offered.emplace_back(c.name);
    help += "\n  " + std::string(c.name) + ": " + std::string(c.help);
  }
  auto* opt = app.add_option_function<std::string>(
      flag, [assign = std::move(assign)](const std::string& s) { assign(s); }, help);
  opt->type_name("{" + names + "}");
  opt->check(CLI::Validator(
      [names, offered = std::move(offered),
       refused = std::move(refused)](std::string& s) -> std::string {
        if (std::find(offered.begin(), offered.end(), s) != offered.end()) return {};
        for (const auto& r : refused)
          if (r.name == s) return "'" + s + "' is not offered here: " + std::string(r.help);
        std::string message = "must be one of " + names + ", got '" + s + "'";
        if (auto near = nearest_name(s, offered)) message += "; did you mean '" + *near + "'?";
        return message;
      },
      ""));
  return opt;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic programme: a swap looks two rows back.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

std::optional<std::string> nearest_name(std::string_view given,
                                        const std::vector<std::string>& candidates) {
  const std::size_t letters = given.size() - std::min(given.find_first_not_of('-'), given.size());
  const std::size_t allowed = std::min<std::size_t>(2, letters / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(given, c);
    if (d > 0 && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

void AppDeleter::operator()(CLI::App* app) const { delete app; }

AppPtr make_app(std::string_view summary, const std::string& program) {
  return AppPtr(new CLI::App(std::string(summary), program));
}

namespace {

// The spelling of OpenMP's version macro (a date) as a specification version.
std::string openmp_spec(long date) {
  struct Spec {
    long date;
    const char* version;
  };
  constexpr std::array<Spec, 9> specs{{{200505, "2.5"},
                                       {200805, "3.0"},
                                       {201107, "3.1"},
                                       {201307, "4.0"},
                                       {201511, "4.5"},
                                       {201811, "5.0"},
                                       {202011, "5.1"},
                                       {202111, "5.2"},
                                       {202411, "6.0"}}};
  for (const auto& s : specs)
    if (s.date == date) return s.version;
  return "unknown";
}

// Every long flag of `app` shown in --help (the candidates of "did you mean").
std::vector<std::string> offered_flags(const CLI::App& app) {
  std::vector<std::string> flags;
  for (const CLI::Option* o : app.get_options())
    if (!o->get_group().empty())
      for (const auto& name : o->get_lnames()) flags.push_back("--" + name);
  return flags;
}

// The first argument CLI11 left unmatched, explained: an unknown flag (with the
// nearest offered one) or a stray argument.
std::string explain_extra(const CLI::App& app, const std::vector<std::string>& extras) {
  const auto flag_at = std::find_if(extras.begin(), extras.end(), [](const std::string& a) {
    return a.size() > 1 && a[0] == '-';
  });
  if (flag_at == extras.end()) return "unexpected argument '" + extras.front() + "' (see --help)";
  const std::string flag = flag_at->substr(0, flag_at->find('='));
  std::string message = "unknown flag '" + flag + "'";
  if (auto near = nearest_name(flag, offered_flags(app)))
    return message + "; did you mean '" + *near + "'?";
  return message + " (see --help)";
}

// The arguments of a size preset that still apply: a flag given on the command
// line, or one that a given flag excludes, drops the preset's flag and its values.
std::vector<std::string> preset_args_kept(const CLI::App& app,
                                          const std::vector<std::string>& preset) {
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < preset.size();) {
    std::size_t next = i + 1;
    while (next < preset.size() && !preset[next].starts_with("--")) ++next;
    const CLI::Option* o = app.get_option_no_throw(preset[i].substr(0, preset[i].find('=')));
    bool overridden = false;
    if (o != nullptr) {
      overridden = o->count() > 0;
      for (const CLI::Option* x : o->get_excludes()) overridden = overridden || x->count() > 0;
    }
    if (!overridden)
      kept.insert(kept.end(), preset.begin() + static_cast<std::ptrdiff_t>(i),
                  preset.begin() + static_cast<std::ptrdiff_t>(next));
    i = next;
  }
  return kept;
}

}  // namespace

std::string version_text(const ModelCli& model) {
  std::string text = model.program + " (hpc-patterns " + build_info::version + ", git " +
                     build_info::git_revision + ")\n";
  text += "compiler: " + std::string(build_info::compiler) + " (" + build_info::build_type + ")\n";
  text += "OpenMP: " + openmp_spec(_OPENMP) + " (_OPENMP " + std::to_string(_OPENMP) + ")\n";
  return text + model.version;
}

ParseOutcome parse_command_line(CLI::App& app, int argc, char** argv, bool speak,
                                const ModelCli& model) {
  // A flag the model does not use is kept (so that it is refused by name, not
  // as unknown) and hidden from --help.
  for (const auto& r : model.refused)
    if (auto* o = app.get_option_no_throw(r.flag)) o->group("");
  app.set_version_flag(
      "--version", [&model] { return version_text(model); },
      "print the version, compiler, OpenMP and MPI versions, and exit");
  // Unknown arguments stay in app.remaining() rather than ending the parse, so
  // that the first can be explained.
  app.allow_extras();
  // One parse of `words` (program name first); nullopt when it went through.
  // `context` leads the error line ("--size small: ").
  auto attempt = [&app, speak](std::vector<std::string> words,
                               const std::string& context) -> std::optional<ParseOutcome> {
    std::vector<char*> args;
    args.reserve(words.size());
    for (auto& w : words) args.push_back(w.data());
    try {
      app.parse(static_cast<int>(args.size()), args.data());
    } catch (const CLI::CallForHelp&) {
      if (speak) std::cout << app.help();
      return ParseOutcome{false, 0, {}};
    } catch (const CLI::CallForVersion& v) {
      if (speak) std::cout << v.what();
      return ParseOutcome{false, 0, {}};
    } catch (const CLI::ParseError& e) {
      if (speak) std::cerr << "error: " << context << e.what() << " (see --help)\n";
      return ParseOutcome{false, 2, {}};
    }
    if (const auto extras = app.remaining(); !extras.empty()) {
      if (speak) std::cerr << "error: " << context << explain_extra(app, extras) << '\n';
      return ParseOutcome{false, 2, {}};
    }
    return std::nullopt;
  };
  const std::vector<std::string> given(argv, argv + argc);
  if (auto stop = attempt(given, "")) return *stop;
  ParseOutcome outcome;
  // --size: the preset's arguments, less those the command line overrides, then
  // the command line again (its callbacks set the same values a second time).
  const auto* size = app.get_option_no_throw("--size");
  if (model.sizes != nullptr && size != nullptr && size->count() > 0) {
    const auto name = size->as<std::string>();
    for (const auto& preset : model.sizes->presets)
      if (preset.name == name) outcome.size_args = preset_args_kept(app, preset.args);
    if (!outcome.size_args.empty()) {
      std::vector<std::string> words{given.front()};
      words.insert(words.end(), outcome.size_args.begin(), outcome.size_args.end());
      words.insert(words.end(), given.begin() + 1, given.end());
      if (auto stop = attempt(std::move(words), "--size " + name + ": ")) return *stop;
    }
  }
  for (const auto& r : model.refused) {
    const auto* o = app.get_option_no_throw(r.flag);
    if (o != nullptr && o->count() > 0) {
      if (speak)
        std::cerr << "error: " << r.flag << " is not used by " << model.program << " (" << r.why
                  << ")\n";
      return {false, 2, {}};
    }
  }
  const auto* json = app.get_option_no_throw("--json");
  const auto* csv = app.get_option_no_throw("--csv");
  if (json && csv && json->count() > 0 && csv->count() > 0) {
    if (speak) std::cerr << "error: --json, --csv: choose one output format\n";
    return {false, 2, {}};
  }
  if (auto problem = check_omp_environment()) {
    if (speak) std::cerr << "error: " << *problem << '\n';
    return {false, 2, {}};
  }
  return outcome;
}

namespace {

// The checked OpenMP variables, and what each accepts.
bool positive_list(std::string_view text) {
  if (text.empty()) return false;
  while (true) {
    const auto comma = text.find(',');
    auto v = parse_decimal<int>(text.substr(0, comma));
    if (!v || *v < 1) return false;
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

// `text` equals one of `words`, ignoring case and surrounding blanks (as libgomp reads them).
template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& words) {
  const auto from = text.find_first_not_of(" \t");
  if (from == std::string_view::npos) return false;
  text = text.substr(from, text.find_last_not_of(" \t") + 1 - from);
  return std::any_of(words.begin(), words.end(), [text](std::string_view w) {
    return w.size() == text.size() &&
           std::equal(w.begin(), w.end(), text.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  });
}

bool bind_list(std::string_view text) {
  constexpr std::array<std::string_view, 2> alone{"true", "false"};
  constexpr std::array<std::string_view, 4> policies{"primary", "master", "close", "spread"};
  if (one_of(text, alone)) return true;
  while (true) {
    const auto comma = text.find(',');
    if (!one_of(text.substr(0, comma), policies)) return false;
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

struct CheckedVariable {
  const char* name;
  bool (*valid)(std::string_view);
  const char* allowed;
};
constexpr std::array<CheckedVariable, 4> checked_variables{{
    {"OMP_NUM_THREADS", positive_list, "a positive integer (or a comma list of them)"},
    {"OMP_PROC_BIND", bind_list, "true, false or a comma list of primary, master, close, spread"},
    {"OMP_WAIT_POLICY",
     [](std::string_view t) {
       return one_of(t, std::array<std::string_view, 2>{"active", "passive"});
     },
     "active or passive"},
    {"OMP_DYNAMIC",
     [](std::string_view t) {
       return one_of(t, std::array<std::string_view, 2>{"true", "false"});
     },
     "true or false"},
}};

// The invalid values hidden before main (constant-initialised: written before
// any constructor runs, read after).
constexpr std::size_t hidden_capacity = 256;
std::array<std::array<char, hidden_capacity>, checked_variables.size()> hidden_values{};
std::array<bool, checked_variables.size()> hidden{};

}  // namespace

void hide_invalid_omp_environment(char** envp) noexcept {
  // Before main, one thread. libc's own initialiser has not run yet, so getenv
  // and unsetenv do not see the environment: edit the array the loader hands
  // to every initialiser, which environ becomes, dropping the entry.
  for (std::size_t k = 0; k < checked_variables.size(); ++k) {
    const std::string_view name = checked_variables[k].name;
    for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
      const std::string_view text = *entry;
      if (text.size() <= name.size() || !text.starts_with(name) || text[name.size()] != '=')
        continue;
      const std::string_view value = text.substr(name.size() + 1);
      if (checked_variables[k].valid(value)) break;
      const auto kept = value.substr(0, hidden_capacity - 1);
      std::copy(kept.begin(), kept.end(), hidden_values[k].begin());
      hidden[k] = true;
      for (char** rest = entry; *rest != nullptr; ++rest) rest[0] = rest[1];
      break;
    }
  }
}

std::optional<std::string> check_omp_environment() {
  for (std::size_t k = 0; k < checked_variables.size(); ++k) {
    const auto& v = checked_variables[k];
    // Start-up, before any thread: getenv cannot race a setenv.
    const char* env = std::getenv(v.name);  // NOLINT(concurrency-mt-unsafe)
    const std::string text = hidden[k] ? hidden_values[k].data() : env != nullptr ? env : "";
    if (!hidden[k] && (env == nullptr || v.valid(text))) continue;
    return std::string(v.name) + ": must be " + v.allowed + ", got '" + text + "'";
  }
  return std::nullopt;
}

}  // namespace hpcp
