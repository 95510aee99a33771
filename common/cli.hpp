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

}  // namespace hpcp
