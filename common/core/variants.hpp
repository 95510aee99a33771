// Variants are data: each enum has one table {value, "name", "help"} that feeds
// the command line, the report and the CSV.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string_view>

namespace hpcp {

template <class E>
struct Choice {
  E value;
  std::string_view name;
  std::string_view help;
};

// OpenMP loop schedules (mapreduce and friends).
enum class Schedule { static_block, dynamic, guided };
inline constexpr std::array<Choice<Schedule>, 3> schedule_table{{
    {Schedule::static_block, "static",
     "contiguous blocks, one per thread (no run-time cost, no balancing)"},
    {Schedule::dynamic, "dynamic", "threads take the next chunk when they finish one"},
    {Schedule::guided, "guided", "dynamic with chunks shrinking as work runs out"},
}};
constexpr const auto& choices(Schedule) { return schedule_table; }

// MPI work distributions.
enum class Distribution { block, cyclic };
inline constexpr std::array<Choice<Distribution>, 2> distribution_table{{
    {Distribution::block, "block", "rank r gets the r-th contiguous block of items"},
    {Distribution::cyclic, "cyclic", "item i goes to rank i mod P (round robin)"},
}};
constexpr const auto& choices(Distribution) { return distribution_table; }

template <class E>
constexpr std::string_view name_of(E value) {
  for (const auto& c : choices(E{}))
    if (c.value == value) return c.name;
  return "?";
}

template <class E>
constexpr std::optional<E> parse_choice(std::string_view name) {
  for (const auto& c : choices(E{}))
    if (c.name == name) return c.value;
  return std::nullopt;
}

template <class E>
requires requires(E e) { choices(e); }
std::ostream& operator<<(std::ostream& os, E value) { return os << name_of(value); }

}  // namespace hpcp
