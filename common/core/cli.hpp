// Command-line parsing shared by every binary: the common flags, strict number
// validators and checked choices for the variant enums. Built on CLI11.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/cli_fwd.hpp"
#include "common/core/variants.hpp"

namespace hpcp {

// Integers on the command line, exact in any common form: 1000000, 1e6, 1M,
// 1.5K (= 1500), 4Mi (= 4 * 2^20). A value that is not an exact integer (1.5,
// 1e-3, 0x10, 1,000) or lies outside [lo, hi] is refused with a message that
// says what is allowed. Suffixes: Ki, Mi, Gi are binary (2^10, 2^20, 2^30);
// K (or k), M, G are decimal (10^3, 10^6, 10^9) for counts and binary for byte
// sizes (OSU's and the shells' convention: -m 4K is 4096 bytes).
enum class Units { count, bytes };

// The integer `text` writes (a leading '-' allowed), or why it is none.
struct ParsedInteger {
  bool exact = false;      // an integer, written in one of the forms above
  bool negative = false;   // exact and below zero
  bool too_large = false;  // exact but beyond 2^64 - 1 in magnitude
  std::uint64_t magnitude = 0;
};
ParsedInteger parse_integer(std::string_view text, Units units);

// Validators in those forms; they rewrite the value as a plain decimal, so add
// them with Option::transform (Option::check discards the rewrite).
CLI::Validator integer_in(std::int64_t lo, std::int64_t hi, Units units = Units::count);
CLI::Validator unsigned_in(std::uint64_t lo, std::uint64_t hi, Units units = Units::count);
CLI::Validator finite_in(double lo, double hi);

// --name LIST: comma-separated unsigned integers each in [lo, hi].
CLI::Validator unsigned_list_in(std::uint64_t lo, std::uint64_t hi, Units units = Units::count);

// One line for --help footers: the forms an integer may take.
std::string integer_forms_help(Units units);

// num_array as the notebook's [1, 2, ..., N] (--n) or given explicitly (--values),
// for the examples whose Values hold {n, list, explicit_list}.
template <class Values>
void add_num_array_flags(CLI::App& app, Values& values, std::uint64_t max_value,
                         const std::string& n_limit, const std::string& list_limit) {
  auto* n = add_integer_flag(
      app, "--n", values.n, 0, max_value,
      "num_array = [1, 2, ..., N] (default 4, the notebook's [1, 2, 3, 4])" + n_limit, "N");
  app.add_option_function<std::string>(
         "--values",
         [&values](const std::string& text) {
           values.list = parse_unsigned_list(text);
           values.explicit_list = true;
         },
         "num_array given explicitly, comma-separated integers from 0 to " + list_limit)
      ->transform(unsigned_list_in(0, max_value))
      ->type_name("LIST")
      ->excludes(n);
}

}  // namespace hpcp
