#include "common/examples/square_cube/spec.hpp"

#include <algorithm>
#include <limits>

namespace hpcp::square_cube {

namespace {
__extension__ using U128 = unsigned __int128;
std::optional<std::uint64_t> fits(U128 exact) noexcept {
  if (exact > std::numeric_limits<std::uint64_t>::max()) return std::nullopt;
  return static_cast<std::uint64_t>(exact);
}
}  // namespace

std::optional<std::uint64_t> square_closed_form(std::uint64_t v) noexcept {
  return fits(static_cast<U128>(v) * v);
}
std::optional<std::uint64_t> cube_closed_form(std::uint64_t v) noexcept {
  const U128 sq = static_cast<U128>(v) * v;
  if (sq > std::numeric_limits<std::uint64_t>::max()) return std::nullopt;  // v^3 > 2^64 too
  return fits(sq * v);
}

std::vector<std::uint64_t> Values::materialize() const {
  if (explicit_list) return list;
  std::vector<std::uint64_t> v(n);
  for (std::uint64_t i = 0; i < n; ++i) v[i] = i + 1;
  return v;
}

Json Values::params() const {
  if (explicit_list) return {{"values", list}};
  return {{"n", n}};
}

void squares_of(const std::uint64_t* values, std::uint64_t* out, std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) out[i] = square(values[i]);
}
void cubes_of(const std::uint64_t* values, std::uint64_t* out, std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) out[i] = cube(values[i]);
}

void serial(std::span<const std::uint64_t> values, std::span<std::uint64_t> squares,
            std::span<std::uint64_t> cubes) noexcept {
  squares_of(values.data(), squares.data(), values.size());
  cubes_of(values.data(), cubes.data(), values.size());
}

void verify(std::span<const std::uint64_t> values, std::span<const std::uint64_t> serial_squares,
            std::span<const std::uint64_t> serial_cubes, std::span<const std::uint64_t> squares,
            std::span<const std::uint64_t> cubes, Verdict& verdict) {
  std::size_t bad_sq = 0, bad_cu = 0;
  std::string detail_sq, detail_cu;
  auto note = [](std::string& detail, std::size_t& bad, std::size_t i, std::uint64_t got,
                 std::optional<std::uint64_t> want) {
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + ("[" + std::to_string(i) + "] = ") +
                std::to_string(got) + ", expected " +
                (want ? std::to_string(*want) : std::string("more than 64 bits"));
  };
  const bool sizes = serial_squares.size() == values.size() && serial_cubes.size() == values.size();
  verdict.check(sizes, "serial baseline has one square and one cube per value");
  if (!sizes) return;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto sq = square_closed_form(values[i]), cu = cube_closed_form(values[i]);
    if (!sq || serial_squares[i] != *sq) note(detail_sq, bad_sq, i, serial_squares[i], sq);
    if (!cu || serial_cubes[i] != *cu) note(detail_cu, bad_cu, i, serial_cubes[i], cu);
  }
  if (bad_sq > 3) detail_sq += "; ... " + std::to_string(bad_sq) + " positions differ";
  if (bad_cu > 3) detail_cu += "; ... " + std::to_string(bad_cu) + " positions differ";
  verdict.check(bad_sq == 0, "serial squares == exact n*n", detail_sq);
  verdict.check(bad_cu == 0, "serial cubes == exact n*n*n", detail_cu);
  equal_elements(serial_squares, squares, "parallel squares == serial baseline, element by element",
                 verdict);
  equal_elements(serial_cubes, cubes, "parallel cubes == serial baseline, element by element",
                 verdict);
}

namespace {
Json list_json(std::span<const std::uint64_t> s) {
  if (s.size() <= json_array_limit) return Json(std::vector<std::uint64_t>(s.begin(), s.end()));
  auto slice = [](std::span<const std::uint64_t> p) {
    return Json(std::vector<std::uint64_t>(p.begin(), p.end()));
  };
  return {{"size", s.size()}, {"first", slice(s.first(8))}, {"last", slice(s.last(8))}};
}
}  // namespace

Json result_json(std::span<const std::uint64_t> squares, std::span<const std::uint64_t> cubes) {
  return {{"squares", list_json(squares)}, {"cubes", list_json(cubes)}};
}

void print_notebook(std::ostream& os, std::span<const std::uint64_t> values,
                    std::span<const std::uint64_t> squares, std::span<const std::uint64_t> cubes,
                    double seconds) {
  constexpr std::size_t shown = 5;
  const std::size_t n = values.size();
  const bool all = n <= 4 * shown;
  for (std::size_t i = 0; i < n; ++i) {
    if (!all && i == shown) {
      os << "... (" << n - 2 * shown << " more of each)\n";
      i = n - shown;
    }
    os << "square of [" << values[i] << "] is [" << squares[i] << "]\n";
    os << "cube of [" << values[i] << "] is [" << cubes[i] << "]\n";
  }
  os << "Tasks done in " << seconds << '\n';
}

void describe(Report& report, std::uint64_t count, const std::vector<std::uint64_t>& per_worker,
              const std::string& worker_word) {
  const double t = report.parallel.median;
  if (t > 0 && count > 0) {
    report.metrics["items_per_second"] = 2.0 * static_cast<double>(count) / t;
    report.metrics["MBps_written"] = 16.0 * static_cast<double>(count) / t / 1e6;
  }
  report.metrics["items_per_" + worker_word] = per_worker;
  report.notes.push_back("an item is one square or one cube: 2n items, 16 bytes written per value");
  const auto busy =
      std::count_if(per_worker.begin(), per_worker.end(), [](auto c) { return c > 0; });
  if (static_cast<std::size_t>(busy) < per_worker.size())
    report.notes.push_back(
        std::to_string(per_worker.size() - static_cast<std::size_t>(busy)) + " " + worker_word +
        "(s) computed nothing (two tasks, or fewer values than " + worker_word + "s)");
}

}  // namespace hpcp::square_cube
