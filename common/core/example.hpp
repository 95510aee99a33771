// What an example is, as code: the concept the drivers (core/driver.hpp,
// mpi/driver.hpp) check where they take one, and the defaults of its optional
// members (an optional member declared with the wrong signature is a compile
// error, not silently replaced by the default).
//
// An example is usually two structs: its Spec (common/examples/<name>/spec.hpp:
// the name, Input and Output, the flags both models share, the serial baseline,
// verification, result and notebook print-out) and, in openmp/<name>.cpp and
// mpi/<name>.cpp, an Example that derives from it and adds its summary, the
// model's own flags and its parallel kernel.
#pragma once

#include <concepts>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/cli_fwd.hpp"
#include "common/core/report.hpp"
#include "common/core/verify.hpp"

namespace hpcp {

// What one run produced: the input, the serial baseline and the parallel output.
template <class Input, class Output>
struct Run {
  const Input& input;
  const Output& serial;
  const Output& parallel;
};

template <class E>
using RunOf = Run<typename E::Input, typename E::Output>;

// Required of every example E run with a model's Context:
//   name, summary                        what --help and the report say
//   Input, Output                        Output default-constructible (the serial
//                                        Output exists on rank 0 only under MPI)
//   add_flags(app)                       its flags
//   make_input(ctx) -> Input             on every rank
//   serial(in), parallel(in, ctx) -> Output
//                                        `in` is the run's one Input: a kernel that
//                                        writes storage it holds (a shared array, a
//                                        window) takes Input&, the others const Input&
//   verify(run, verdict)                 the parallel output against the serial one
//   result(run) -> Json, print_notebook(os, run)
template <class E, class Context>
concept ExampleFor = requires(E& e, const E& ce, CLI::App& app, const Context& ctx,
                              typename E::Input& in, const RunOf<E>& run, Verdict& verdict,
                              std::ostream& os) {
  { E::name } -> std::convertible_to<std::string_view>;
  { E::summary } -> std::convertible_to<std::string_view>;
  requires std::default_initializable<typename E::Output>;
  e.add_flags(app);
  { ce.make_input(ctx) } -> std::same_as<typename E::Input>;
  { ce.serial(in) } -> std::same_as<typename E::Output>;
  { ce.parallel(in, ctx) } -> std::same_as<typename E::Output>;
  ce.verify(run, verdict);
  { ce.result(run) } -> std::convertible_to<Json>;
  ce.print_notebook(os, run);
};

// The optional members, called through these: each has a default, used only
// when E declares no member of that name.
namespace defaults {

// validate(options) -> a usage error found after parsing (deterministic: every
// MPI rank reaches the same answer). Default: none.
template <class E, class Options>
std::optional<std::string> validate(const E& e, const Options& opt) {
  if constexpr (requires { e.validate(opt); }) {
    return e.validate(opt);
  } else {
    static_assert(
        !requires { &E::validate; },
        "validate must be std::optional<std::string> validate(const CommonOptions&) const");
    return std::nullopt;
  }
}

// params() -> the run's parameters for the report. Default: none.
template <class E>
Json params(const E& e) {
  if constexpr (requires { e.params(); }) {
    return e.params();
  } else {
    static_assert(
        !requires { &E::params; }, "params must be Json params() const");
    return Json::object();
  }
}

// describe(report, run): metrics and notes beyond the common report.
template <class E>
void describe(const E& e, Report& report, const RunOf<E>& run) {
  if constexpr (requires { e.describe(report, run); }) {
    e.describe(report, run);
  } else {
    static_assert(
        !requires { &E::describe; }, "describe must be void describe(Report&, const Run&) const");
  }
}

// before_parallel(input): once, after the serial baseline and before the first
// (warm-up) parallel run; an example whose serial and parallel runs write the
// same storage poisons it here, so no serial value can pass for a parallel one.
template <class E>
void before_parallel(const E& e, typename E::Input& in) {
  if constexpr (requires { e.before_parallel(in); }) {
    e.before_parallel(in);
  } else {
    static_assert(
        !requires { &E::before_parallel; },
        "before_parallel must be void before_parallel(Input&) const");
  }
}

}  // namespace defaults

// Parameters of a Spec merged with a model's own: `more` adds to (or replaces in) `base`.
inline Json merged(Json base, const Json& more) {
  for (const auto& [key, value] : more.items()) base[key] = value;
  return base;
}

}  // namespace hpcp
