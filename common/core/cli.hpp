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

// A validator for a decimal integer in [lo, hi]. Unlike CLI::Range it rejects
// "1e3", "0x10", a sign on unsigned values and overflow, with a message that
// says what is allowed.
CLI::Validator integer_in(std::int64_t lo, std::int64_t hi);
CLI::Validator unsigned_in(std::uint64_t lo, std::uint64_t hi);
CLI::Validator finite_in(double lo, double hi);

// --name LIST: comma-separated unsigned integers each in [lo, hi].
CLI::Validator unsigned_list_in(std::uint64_t lo, std::uint64_t hi);

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
      ->check(unsigned_list_in(0, max_value))
      ->type_name("LIST")
      ->excludes(n);
}

}  // namespace hpcp
