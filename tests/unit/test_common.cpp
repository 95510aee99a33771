// Unit tests of common/: exact Fibonacci, closed forms, flag validation, the
// report's JSON and CSV, timing statistics, the random inputs, verification.
#define BOOST_TEST_MODULE common
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <cstdlib>

#include "common/core/cli.hpp"
#include "common/core/progress.hpp"
#include "common/core/report.hpp"
#include "common/core/rng.hpp"
#include "common/core/sizes.hpp"
#include "common/core/timing.hpp"
#include "common/core/verify.hpp"
#include "common/kit/arithmetic.hpp"
#include "common/kit/fibonacci.hpp"

using namespace hpcp;

BOOST_AUTO_TEST_SUITE(fibonacci)

BOOST_AUTO_TEST_CASE(small_values_match_the_notebook) {
  BOOST_TEST(*fib_u64(0) == 0U);
  BOOST_TEST(*fib_u64(1) == 1U);
  BOOST_TEST(*fib_u64(3) == 2U);
  BOOST_TEST(*fib_u64(5) == 5U);
  BOOST_TEST(*fib_u64(7) == 13U);
  BOOST_TEST(*fib_u64(10) == 55U);
}

BOOST_AUTO_TEST_CASE(f93_is_the_last_that_fits_64_bits) {
  BOOST_TEST(*fib_u64(93) == 12200160415121876738ULL);
  BOOST_TEST(!fib_u64(94).has_value());
  BOOST_TEST(fib(93) == BigUInt("12200160415121876738"));
}

BOOST_AUTO_TEST_CASE(beyond_64_bits_is_exact) {
  BOOST_TEST(fib(94) == BigUInt("19740274219868223167"));
  BOOST_TEST(fib(300) ==
             BigUInt("222232244629420445529739893461909967206666939096499764990979600"));
  BOOST_TEST(fib_fast_doubling(300) == fib(300));
}

BOOST_AUTO_TEST_CASE(loop_and_fast_doubling_agree) {
  for (std::uint64_t v = 0; v <= 400; ++v) BOOST_TEST(fib(v) == fib_fast_doubling(v), "v = " << v);
}

BOOST_AUTO_TEST_CASE(pausing_loop_is_exact_and_breaks_every_stride) {
  for (std::uint64_t stride : {1, 2, 7, 256, 1000000}) {
    for (std::uint64_t v : {0, 1, 92, 93, 94, 95, 100, 349, 350, 2000}) {
      std::uint64_t pauses = 0;
      const BigUInt f = fib_pausing(v, stride, [&] { ++pauses; });
      BOOST_TEST(f == fib_fast_doubling(v), "v = " << v << ", stride " << stride);
      // The big-integer loop runs v - 93 steps, in ceil((v - 93) / stride)
      // stretches with a break between two of them.
      const std::uint64_t steps = v > 93 ? v - 93 : 0;
      const std::uint64_t expected = steps == 0 ? 0 : (steps + stride - 1) / stride - 1;
      BOOST_TEST(pauses == expected, "v = " << v << ", stride " << stride);
    }
  }
  BOOST_CHECK_THROW(fib_pausing(100, 0, [] {}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(json_is_a_number_while_it_fits) {
  BOOST_TEST(exact_json(fib(93)).is_number_unsigned());
  BOOST_TEST(exact_json(fib(94)) == Json("19740274219868223167"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(closed_forms)

BOOST_AUTO_TEST_CASE(compute_is_n_times_n_minus_1_over_2) {
  for (std::uint64_t n : {0ULL, 1ULL, 2ULL, 3ULL, 10ULL, 9999ULL, 123457ULL})
    BOOST_TEST(compute(n) == n * (n > 0 ? n - 1 : 0) / 2, "n = " << n);
  BOOST_TEST(compute_closed_form(4000000001ULL) == 4000000001ULL * 2000000000ULL);
}

BOOST_AUTO_TEST_CASE(mapreduce_total) {
  BOOST_TEST(*mapreduce_total_closed_form(10000) == 166616670000ULL);
  BOOST_TEST(*mapreduce_total_closed_form(0) == 0U);
  BOOST_TEST(*mapreduce_total_closed_form(3) == 1U);
  const std::uint64_t max = mapreduce_max_n();
  BOOST_TEST(mapreduce_total_closed_form(max).has_value());
  BOOST_TEST(!mapreduce_total_closed_form(max + 1).has_value());
  BOOST_TEST(!mapreduce_total_closed_form(UINT64_MAX).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flags)

struct Parsed {
  int code;
  bool run;
  CommonOptions opt;
};

Parsed parse(std::vector<std::string> args) {
  CLI::App app{"test"};
  CommonOptions opt;
  add_common_flags(app, opt);
  std::uint64_t n = 0;
  Schedule schedule = Schedule::dynamic;
  app.add_option("--n", n)->check(unsigned_in(0, 1000));
  add_choice(app, "--schedule", schedule, "schedule");
  args.insert(args.begin(), "prog");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto outcome = parse_command_line(app, static_cast<int>(argv.size()), argv.data(), false);
  return {outcome.exit_code, outcome.run, opt};
}

BOOST_AUTO_TEST_CASE(good_values_are_taken) {
  auto p = parse({"--repeat", "5", "--seed", "7", "--json", "--threads", "3", "--timeout", "2.5"});
  BOOST_TEST(p.run);
  BOOST_TEST(p.opt.repeat == 5);
  BOOST_TEST(p.opt.seed == 7U);
  BOOST_TEST(p.opt.json);
  BOOST_TEST(p.opt.threads == 3);
  BOOST_TEST(p.opt.timeout == 2.5);
}

BOOST_AUTO_TEST_CASE(bad_values_are_usage_errors) {
  const std::vector<std::vector<std::string>> bad = {{"--n", "-1"},
                                                     {"--n", "abc"},
                                                     {"--n", "99999999999999999999999"},
                                                     {"--n", "1001"},
                                                     {"--n", "1e3"},
                                                     {"--n", "0x10"},
                                                     {"--n", ""},
                                                     {"--repeat", "0"},
                                                     {"--threads", "0"},
                                                     {"--timeout", "nan"},
                                                     {"--timeout", "-1"},
                                                     {"--schedule", "fastest"},
                                                     {"--bogus"},
                                                     {"--n", "1", "--n", "2"},
                                                     {"--json", "--csv"},
                                                     {"extra"},
                                                     {"--seed", "-3"}};
  for (const auto& args : bad) {
    auto p = parse(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    BOOST_TEST(!p.run, joined);
    BOOST_TEST(p.code == 2, joined);
  }
}

// --size with a table like a manifest's: the preset's flags, then the command
// line's, an explicit flag (or one that excludes the preset's) winning.
struct Sized {
  ParseOutcome outcome;
  CommonOptions opt;
  std::uint64_t n = 4;
  std::string values;
};
Sized parse_sized(std::vector<std::string> args) {
  static const SizeTable table{
      "test",
      {{"notebook", {}}, {"small", {"--n", "400", "--seed", "9"}}, {"large", {"--n", "900"}}}};
  CLI::App app{"test"};
  Sized s;
  add_common_flags(app, s.opt);
  add_size_flag(app, s.opt, table);
  auto* n = app.add_option("--n", s.n)->check(unsigned_in(0, 1000));
  app.add_option("--values", s.values)->excludes(n);
  args.insert(args.begin(), "prog");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ModelCli model;
  model.sizes = &table;
  s.outcome = parse_command_line(app, static_cast<int>(argv.size()), argv.data(), false, model);
  return s;
}

BOOST_AUTO_TEST_CASE(size_presets_apply_and_yield_to_explicit_flags) {
  auto s = parse_sized({"--size", "small"});
  BOOST_TEST(s.outcome.run);
  BOOST_TEST(s.opt.size == "small");
  BOOST_TEST(s.n == 400U);
  BOOST_TEST(s.opt.seed == 9U);
  BOOST_TEST(s.outcome.size_args == (std::vector<std::string>{"--n", "400", "--seed", "9"}));
  s = parse_sized({"--size", "small", "--n", "5"});
  BOOST_TEST(s.n == 5U);
  BOOST_TEST(s.opt.seed == 9U);
  BOOST_TEST(s.outcome.size_args == (std::vector<std::string>{"--seed", "9"}));
  s = parse_sized({"--values", "1,2", "--size", "large"});
  BOOST_TEST(s.outcome.run);
  BOOST_TEST(s.n == 4U);
  BOOST_TEST(s.outcome.size_args.empty());
  s = parse_sized({});
  BOOST_TEST(s.opt.size == "notebook");
  BOOST_TEST(s.n == 4U);
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"--size", "huge"}, {"--size"}, {"--size", "small", "--size", "large"}}) {
    s = parse_sized(bad);
    BOOST_TEST(!s.outcome.run);
    BOOST_TEST(s.outcome.exit_code == 2);
  }
}

BOOST_AUTO_TEST_CASE(repeat_takes_a_count_or_auto) {
  auto p = parse({"--repeat", "auto"});
  BOOST_TEST(p.run);
  BOOST_TEST(p.opt.repeat_auto);
  BOOST_TEST(p.opt.repeat_given);
  p = parse({"--repeat", "1K"});
  BOOST_TEST(p.opt.repeat == 1000);
  BOOST_TEST(!p.opt.repeat_auto);
  for (const char* bad : {"Auto", "0", "1000001", "auto5"})
    BOOST_TEST(parse({"--repeat", bad}).code == 2, bad);
  BOOST_TEST((parse({"--no-progress", "--progress"}).opt.progress == ProgressMode::off));
  BOOST_TEST((parse({"--progress"}).opt.progress == ProgressMode::on));
}

BOOST_AUTO_TEST_CASE(auto_repeat_stops_at_5_runs_and_half_a_second_or_the_cap) {
  BOOST_TEST(auto_repeat_more(0, 0));
  BOOST_TEST(auto_repeat_more(4, 10.0));  // 5 runs at least
  BOOST_TEST(auto_repeat_more(5, 0.4));   // 0.5 s at least
  BOOST_TEST(!auto_repeat_more(5, 0.5));
  BOOST_TEST(!auto_repeat_more(1000, 0.1));  // the caps
  BOOST_TEST(!auto_repeat_more(2, 60.0));
}

BOOST_AUTO_TEST_CASE(help_exits_zero) {
  auto p = parse({"--help"});
  BOOST_TEST(!p.run);
  BOOST_TEST(p.code == 0);
}

BOOST_AUTO_TEST_CASE(garbage_omp_num_threads_is_refused) {
  ::setenv("OMP_NUM_THREADS", "lots", 1);
  BOOST_TEST(check_omp_environment().has_value());
  ::setenv("OMP_NUM_THREADS", "0", 1);
  BOOST_TEST(check_omp_environment().has_value());
  ::setenv("OMP_NUM_THREADS", "4,2", 1);
  BOOST_TEST(!check_omp_environment().has_value());
  ::setenv("OMP_NUM_THREADS", "1", 1);
}

BOOST_AUTO_TEST_CASE(choice_names_round_trip) {
  for (const auto& c : schedule_table) BOOST_TEST(*parse_choice<Schedule>(c.name) == c.value);
  BOOST_TEST(!parse_choice<Schedule>("Static").has_value());
}

BOOST_AUTO_TEST_CASE(unsigned_lists) {
  CLI::App app{"t"};
  std::string values;
  app.add_option("--values", values)->check(unsigned_list_in(0, 10));
  std::vector<std::string> good{"prog", "--values", "3,10,5,7"};
  std::vector<char*> argv;
  for (auto& a : good) argv.push_back(a.data());
  BOOST_TEST(parse_command_line(app, 3, argv.data(), false).run);
  BOOST_TEST((parse_unsigned_list(values) == std::vector<std::uint64_t>{3, 10, 5, 7}));
  for (std::string bad : {"3,,5", "3,11", "", "3,-1", ",", "a"}) {
    CLI::App app2{"t"};
    app2.add_option("--values", values)->check(unsigned_list_in(0, 10));
    std::vector<std::string> args{"prog", "--values", bad};
    std::vector<char*> av;
    for (auto& a : args) av.push_back(a.data());
    BOOST_TEST(parse_command_line(app2, 3, av.data(), false).exit_code == 2, bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report)

Report sample() {
  Report r;
  r.example = "mapreduce";
  r.model = "openmp";
  r.threads = 2;
  r.threads_requested = 2;
  r.params = {{"n", 10000}, {"schedule", "dynamic"}};
  r.result = {{"n", 10000}, {"total", 166616670000ULL}, {"difference", 0}};
  r.verified = true;
  r.serial_seconds = 0.04;
  const std::vector<double> samples{0.03, 0.02, 0.025};
  r.parallel = summarize(samples);
  r.repeat = 3;
  r.seed = 42;
  r.provenance = base_provenance();
  return r;
}

BOOST_AUTO_TEST_CASE(json_has_every_field_of_the_spec) {
  const Json j = sample().to_json();
  for (const char* key :
       {"schema", "example", "model", "ranks", "nodes", "ranks_per_node", "threads",
        "threads_requested", "params", "result", "verified", "serial_seconds", "parallel_seconds",
        "speedup", "repeat", "seed", "provenance"})
    BOOST_TEST(j.contains(key), key);
  BOOST_TEST(j["schema"] == 1);
  BOOST_TEST(j["parallel_seconds"].get<double>() == 0.025);
  BOOST_TEST(j["speedup"].get<double>() == 0.04 / 0.025, boost::test_tools::tolerance(1e-12));
  for (const char* key : {"compiler", "flags", "git_revision", "host", "OMP_NUM_THREADS",
                          "OMP_PROC_BIND", "OMP_PLACES", "OMP_WAIT_POLICY"})
    BOOST_TEST(j["provenance"].contains(key), key);
  // It survives a round trip through text.
  BOOST_TEST(Json::parse(j.dump()) == j);
}

BOOST_AUTO_TEST_CASE(binding_names_a_place_and_cpu_per_thread) {
  const Json b = openmp_binding(3);
  const auto& cpus = b.at("thread_cpus");
  BOOST_TEST_REQUIRE(cpus.size() == 3U);  // the runtime gives 3 threads here (no limit set)
  BOOST_TEST(b.at("thread_places").size() == 3U);
  for (const auto& c : cpus) {
    BOOST_TEST(c.get<int>() >= 0);
    BOOST_TEST(c.get<int>() < omp_get_num_procs());
  }
  for (const char* key : {"proc_bind", "num_places", "OMP_PLACES", "OMP_WAIT_POLICY"})
    BOOST_TEST(b.contains(key), key);
  BOOST_TEST(binding_line(b).find("OMP_WAIT_POLICY=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_row_matches_header) {
  const Report r = sample();
  const std::string header = Report::csv_header(), row = r.csv_row();
  auto columns = [](const std::string& line) {
    int n = 1;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  BOOST_TEST(columns(header) == columns(row));
  BOOST_TEST(header.rfind("example,model,ranks,nodes,ranks_per_node,threads", 0) == 0U);
  BOOST_TEST(row.rfind("mapreduce,openmp,1,1,1,2", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(human_block_ends_with_the_verdict) {
  std::ostringstream os;
  Report r = sample();
  r.print_human(os);
  BOOST_TEST(os.str().find("Verification:     SUCCESSFUL") != std::string::npos);
  r.verified = false;
  std::ostringstream os2;
  r.print_human(os2);
  BOOST_TEST(os2.str().find("Verification:     FAILED") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(speedup_is_judged_against_the_workers) {
  Report r = sample();  // 2 threads, 0.04 s against a median of 0.025 s: 1.6
  BOOST_TEST(r.bound().value() == 2);
  BOOST_TEST(r.speedup_flag().empty());
  std::ostringstream os;
  r.print_human(os);
  BOOST_TEST(os.str().find("Speedup:          1.60 (bound: 2 workers)") != std::string::npos,
             os.str());
  BOOST_TEST(os.str().find("(median of 3 runs; min 0.02 s, max 0.03 s)") != std::string::npos);
  r.serial_seconds = 0.06;  // 2.4 > 2 * 1.05
  BOOST_TEST(r.speedup_flag() == "above_bound");
  BOOST_TEST(r.to_json()["speedup_flag"] == "above_bound");
  r.speedup_bound = 3;  // the example knows better
  BOOST_TEST(r.speedup_flag().empty());
  BOOST_TEST(r.to_json()["speedup_bound"] == 3);
  r.has_speedup = false;
  BOOST_TEST(r.to_json()["speedup_bound"].is_null());
  BOOST_TEST(r.to_json()["speedup_flag"] == "");
}

BOOST_AUTO_TEST_CASE(progress_line_names_phase_repetition_and_time) {
  BOOST_TEST(
      Progress::line("mapreduce (openmp)", "timed parallel runs", 3, Progress::auto_total, 4.24) ==
      "mapreduce (openmp): timed parallel runs, repetition 3/auto, 4.2 s elapsed");
  BOOST_TEST(Progress::line("x", "warm-up parallel run", 0, 0, 2.0) ==
             "x: warm-up parallel run, 2.0 s elapsed");
  Progress off(false, false, "x");  // never started: stop is a no-op
  off.repetition(1, 2);
  off.stop();
  Progress quick(true, false, "x");  // stopped before 2 s: nothing shown
  quick.stop();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(timing_statistics) {
  const std::vector<double> odd{3, 1, 2}, even{4, 1, 3, 2}, one{5};
  BOOST_TEST(summarize(odd).median == 2);
  BOOST_TEST(summarize(odd).min == 1);
  BOOST_TEST(summarize(even).median == 2.5);
  BOOST_TEST(summarize(even).mean == 2.5);
  BOOST_TEST(summarize(even).max == 4);
  BOOST_TEST(summarize(one).median == 5);
  BOOST_TEST(summarize(std::vector<double>{}).count == 0);
}

BOOST_AUTO_TEST_CASE(random_values_are_reproducible_and_in_range) {
  const auto a = uniform_values(1000, 1, 20, 42), b = uniform_values(1000, 1, 20, 42),
             c = uniform_values(1000, 1, 20, 43);
  BOOST_TEST(a == b);
  BOOST_TEST(a != c);
  std::vector<int> seen(21, 0);
  for (auto v : a) {
    BOOST_TEST((v >= 1 && v <= 20));
    ++seen[v];
  }
  for (int v = 1; v <= 20; ++v) BOOST_TEST(seen[v] > 0, "value " << v << " never drawn");
  BOOST_TEST(uniform_values(0, 1, 20, 42).empty());
  BOOST_TEST(uniform_values(10, 7, 7, 1) == std::vector<std::uint64_t>(10, 7));
}

BOOST_AUTO_TEST_CASE(verification_helpers_catch_misplaced_elements) {
  Verdict v;
  const std::vector<int> a{1, 2, 3}, swapped{1, 3, 2};
  BOOST_TEST(equal_elements(a, a, "same", v));
  BOOST_TEST(!equal_elements(a, swapped, "swapped", v));
  BOOST_TEST(same_multiset(a, swapped, "multiset", v));
  BOOST_TEST(!same_multiset(a, std::vector<int>{1, 2, 2}, "lost one", v));
  BOOST_TEST(!equal_elements(a, std::vector<int>{1, 2}, "short", v));
  BOOST_TEST(v.failures() == 3);
  BOOST_TEST(!v.ok());
  BOOST_TEST(v.messages().front().find("[1] = 3, expected 2") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE(exact_integers)

// The value of `text`, -1 when refused (not exact, or beyond 2^64 - 1).
long double value_of(const std::string& text, Units units = Units::count) {
  const ParsedInteger p = parse_integer(text, units);
  if (!p.exact || p.too_large) return -1;
  return p.negative ? -static_cast<long double>(p.magnitude)
                    : static_cast<long double>(p.magnitude);
}

BOOST_AUTO_TEST_CASE(common_forms_are_exact) {
  BOOST_TEST(value_of("1000000") == 1000000);
  BOOST_TEST(value_of("1e6") == 1000000);
  BOOST_TEST(value_of("1E+6") == 1000000);
  BOOST_TEST(value_of("1M") == 1000000);
  BOOST_TEST(value_of("1.5K") == 1500);
  BOOST_TEST(value_of("1.5k") == 1500);
  BOOST_TEST(value_of("4Mi") == 4 * 1048576);
  BOOST_TEST(value_of("2Gi") == 2147483648.0L);
  BOOST_TEST(value_of("3G") == 3e9L);
  BOOST_TEST(value_of("2.50e1") == 25);
  BOOST_TEST(value_of("10e-1") == 1);
  BOOST_TEST(value_of("0") == 0);
  BOOST_TEST(value_of("-0") == 0);
  BOOST_TEST(!parse_integer("-0", Units::count).negative);
  BOOST_TEST(value_of("-12") == -12);
  BOOST_TEST(value_of("18446744073709551615") == 18446744073709551615.0L);
  BOOST_TEST(parse_integer("18446744073709551615", Units::count).magnitude == UINT64_MAX);
}

BOOST_AUTO_TEST_CASE(byte_sizes_read_k_m_g_as_binary) {
  BOOST_TEST(value_of("4K", Units::bytes) == 4096);
  BOOST_TEST(value_of("4M", Units::bytes) == 4194304);
  BOOST_TEST(value_of("1G", Units::bytes) == 1073741824);
  BOOST_TEST(value_of("4Ki", Units::bytes) == 4096);
  BOOST_TEST(value_of("1.5K", Units::bytes) == 1536);
  BOOST_TEST(value_of("1e3", Units::bytes) == 1000);  // an exponent stays decimal
}

BOOST_AUTO_TEST_CASE(inexact_or_malformed_values_are_refused) {
  for (const char* bad : {"1.5", "1e-3",  "0.0001K", "1.0001K", "0x10", "1,000", "",   "-",
                          "K",   "1KB",   "1Kii",    "1iK",     "1 ",   " 1",    "+1", "1e",
                          "1e+", "1.2.3", "1m",      "1_000",   "nan",  "inf",   "1K5"}) {
    const ParsedInteger p = parse_integer(bad, Units::count);
    BOOST_TEST(!p.exact, "'" << bad << "' accepted");
  }
  BOOST_TEST(parse_integer("1.0001K", Units::bytes).exact == false);
  BOOST_TEST(parse_integer("1.25K", Units::bytes).magnitude == 1280U);
}

BOOST_AUTO_TEST_CASE(beyond_64_bits_is_too_large_not_wrapped) {
  for (const char* big : {"18446744073709551616", "1e20", "99999999999999999999999999999999",
                          "16Gie9", "17179869184Gi", "-9223372036854775809e10"}) {
    const ParsedInteger p = parse_integer(big, Units::count);
    BOOST_TEST((p.too_large || !p.exact), big);
    BOOST_TEST(p.magnitude == 0U, big);
  }
  BOOST_TEST(parse_integer("20Gi", Units::count).magnitude == 20ULL << 30);
  BOOST_TEST(parse_integer("1e100000", Units::count).too_large);
  BOOST_TEST(parse_integer("0e100000", Units::count).magnitude == 0U);
  BOOST_TEST(!parse_integer("0e100000", Units::count).too_large);
  BOOST_TEST(parse_integer("1000000000000000000000000000000e-30", Units::count).magnitude == 1U);
  BOOST_TEST(parse_integer("0.000000000000000000000000000001e30", Units::count).magnitude == 1U);
}

// Through CLI11, as every binary parses: the value arrives rewritten as decimals.
int parse_n(const std::string& text, std::uint64_t& n, std::int64_t& s) {
  CLI::App app{"t"};
  add_integer_flag(app, "--n", n, 0, 1000000, "n", "N");
  add_integer_flag(app, "--s", s, -1000, 1000, "s", "S");
  std::vector<std::string> args{"prog", "--n", text, "--s", "-1e3"};
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (auto& a : args) argv.push_back(a.data());
  return parse_command_line(app, static_cast<int>(argv.size()), argv.data(), false).exit_code;
}

BOOST_AUTO_TEST_CASE(flags_take_the_forms_and_check_the_range) {
  std::uint64_t n = 0;
  std::int64_t s = 0;
  BOOST_TEST(parse_n("1e6", n, s) == 0);
  BOOST_TEST(n == 1000000U);
  BOOST_TEST(s == -1000);
  BOOST_TEST(parse_n("1M", n, s) == 0);
  BOOST_TEST(n == 1000000U);
  BOOST_TEST(parse_n("1.5K", n, s) == 0);
  BOOST_TEST(n == 1500U);
  for (const char* bad : {"1.5", "1e-3", "1Mi", "1000001", "-1", "2e6", "1e20"})
    BOOST_TEST(parse_n(bad, n, s) == 2, bad);
  std::string msg = unsigned_in(0, 1000)("1.5");
  BOOST_TEST(msg.find("not an exact integer") != std::string::npos, msg);
  msg = unsigned_in(0, 1000)("2K");
  BOOST_TEST(msg.find("from 0 to 1000, got '2K' (= 2000)") != std::string::npos, msg);
  std::string sizes = "1K,4Ki,1M";
  BOOST_TEST(unsigned_list_in(0, UINT64_MAX, Units::bytes)(sizes).empty());
  BOOST_TEST(sizes == "1024,4096,1048576");
  std::string counts = "1K,4Ki,1M";
  BOOST_TEST(unsigned_list_in(0, UINT64_MAX)(counts).empty());
  BOOST_TEST(counts == "1000,4096,1000000");
  BOOST_TEST((parse_unsigned_list("1K,4Ki,1M") == std::vector<std::uint64_t>{1000, 4096, 1000000}));
  BOOST_TEST(!unsigned_list_in(0, 10)("1,1.5").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(did_you_mean)

BOOST_AUTO_TEST_CASE(edit_distance_counts_each_edit_once) {
  BOOST_TEST(edit_distance("", "") == 0U);
  BOOST_TEST(edit_distance("abc", "") == 3U);
  BOOST_TEST(edit_distance("", "abc") == 3U);
  BOOST_TEST(edit_distance("dynamc", "dynamic") == 1U);    // insertion
  BOOST_TEST(edit_distance("dynamiic", "dynamic") == 1U);  // deletion
  BOOST_TEST(edit_distance("dynamix", "dynamic") == 1U);   // substitution
  BOOST_TEST(edit_distance("dyanmic", "dynamic") == 1U);   // neighbours swapped
  BOOST_TEST(edit_distance("--schedual", "--schedule") == 2U);
  BOOST_TEST(edit_distance("kitten", "sitting") == 3U);
  BOOST_TEST(edit_distance("ca", "abc") == 3U);  // optimal string alignment: no edit of a swap
}

BOOST_AUTO_TEST_CASE(nearest_name_suggests_only_typos) {
  const std::vector<std::string> flags{"--seed", "--schedule", "--repeat", "--n", "--json"};
  BOOST_TEST(nearest_name("--schedual", flags).value_or("") == "--schedule");
  BOOST_TEST(nearest_name("--repaet", flags).value_or("") == "--repeat");
  BOOST_TEST(nearest_name("--jsno", flags).value_or("") == "--json");
  BOOST_TEST(!nearest_name("--x", flags).has_value());           // too short to guess
  BOOST_TEST(!nearest_name("--bogus-flag", flags).has_value());  // nothing near
  BOOST_TEST(!nearest_name("--seed", flags).has_value());        // not a typo: the name itself
  const std::vector<std::string> schedules{"static", "dynamic", "guided"};
  BOOST_TEST(nearest_name("dynamc", schedules).value_or("") == "dynamic");
  BOOST_TEST(nearest_name("statc", schedules).value_or("") == "static");
  BOOST_TEST(!nearest_name("fastest", schedules).has_value());
}

BOOST_AUTO_TEST_CASE(unknown_flags_and_refused_ones_are_usage_errors) {
  CLI::App app{"test"};
  CommonOptions opt;
  add_common_flags(app, opt);
  const ModelCli model{"prog", "", "", {{"--threads", "one thread per rank"}}};
  std::vector<std::string> args{"prog", "--threads", "4"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  BOOST_TEST(parse_command_line(app, 3, argv.data(), false, model).exit_code == 2);
  BOOST_TEST(app.get_option("--threads")->get_group().empty());  // hidden from --help

  CLI::App app2{"test"};
  add_common_flags(app2, opt);
  std::vector<std::string> typo{"prog", "--repaet", "3"};
  std::vector<char*> av;
  for (auto& a : typo) av.push_back(a.data());
  BOOST_TEST(parse_command_line(app2, 3, av.data(), false).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(omp_environment_variables_are_checked) {
  ::setenv("OMP_PROC_BIND", "sideways", 1);
  BOOST_TEST(check_omp_environment().value_or("").starts_with("OMP_PROC_BIND"));
  ::setenv("OMP_PROC_BIND", " Close,spread", 1);
  BOOST_TEST(!check_omp_environment().has_value());
  ::setenv("OMP_PROC_BIND", "true,close", 1);
  BOOST_TEST(check_omp_environment().has_value());
  ::unsetenv("OMP_PROC_BIND");
  ::setenv("OMP_WAIT_POLICY", "busy", 1);
  BOOST_TEST(check_omp_environment().value_or("").starts_with("OMP_WAIT_POLICY"));
  ::setenv("OMP_WAIT_POLICY", "ACTIVE", 1);
  BOOST_TEST(!check_omp_environment().has_value());
  ::unsetenv("OMP_WAIT_POLICY");
  ::setenv("OMP_DYNAMIC", "maybe", 1);
  BOOST_TEST(check_omp_environment().has_value());
  ::unsetenv("OMP_DYNAMIC");
}

BOOST_AUTO_TEST_CASE(hiding_drops_only_invalid_entries) {
  // A copy of what the loader hands the pre-initialiser (core/main.cpp). Last of
  // the file: the hidden value stays refused for the rest of the process.
  std::string a = "PATH=/bin", b = "OMP_NUM_THREADS=0", c = "OMP_DYNAMIC=true", d = "X=1";
  std::vector<char*> envp{a.data(), b.data(), c.data(), d.data(), nullptr};
  hide_invalid_omp_environment(envp.data());
  BOOST_TEST(std::string(envp[0]) == "PATH=/bin");
  BOOST_TEST(std::string(envp[1]) == "OMP_DYNAMIC=true");
  BOOST_TEST(std::string(envp[2]) == "X=1");
  BOOST_TEST(envp[3] == nullptr);
  ::setenv("OMP_NUM_THREADS", "2", 1);  // the real environment's value is valid, the hidden one not
  BOOST_TEST(check_omp_environment().value_or("") ==
             "OMP_NUM_THREADS: must be a positive integer (or a comma list of them), got '0'");
}

BOOST_AUTO_TEST_SUITE_END()
