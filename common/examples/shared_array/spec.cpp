#include "common/examples/shared_array/spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/kit/memory_budget.hpp"

namespace hpcp::shared_array {

double square_closed_form(std::uint64_t v) noexcept {
  if (v < (std::uint64_t{1} << 32)) return static_cast<double>(v * v);  // fits 64 bits
  __extension__ using U128 = unsigned __int128;
  return static_cast<double>(static_cast<U128>(v) * v);
}

Json Values::params() const {
  if (explicit_list) return {{"values", list}};
  return {{"n", n}};
}

void square_block(const double* values, double* squares, std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) squares[i] = square(values[i]);
}

std::optional<std::string> memory_problem(std::uint64_t count, std::uint64_t bytes,
                                          std::uint64_t available, const std::string& where) {
  constexpr std::uint64_t process_reserve = std::uint64_t{64} << 20;
  if (bytes <= available && available - bytes >= process_reserve) return std::nullopt;
  return "--n: " + std::to_string(count) + " elements need about " + bytes_text(bytes) +
         " (input values and the shared array, 16 bytes each), but only " + bytes_text(available) +
         " is available (" + where + ")";
}

void poison(double* squares, std::size_t count) noexcept {
  std::fill_n(squares, count, std::numeric_limits<double>::quiet_NaN());
}

void verify(const double* values, const double* squares, std::size_t count, Verdict& verdict) {
  std::vector<double> serial(std::min(count, verify_chunk));
  std::size_t bad_serial = 0, bad_parallel = 0, bad_input = 0;
  std::string serial_detail, parallel_detail, input_detail;
  auto note = [](std::string& detail, std::size_t& bad, std::size_t i, double got, double want) {
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + ("[" + std::to_string(i) + "] = ") +
                python_float(got) + ", expected " + python_float(want);
  };
  for (std::size_t base = 0; base < count; base += verify_chunk) {
    const std::size_t len = std::min(verify_chunk, count - base);
    square_block(values + base, serial.data(), len);
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t i = base + k;
      const double v = values[i];
      if (!(v >= 0 && v <= static_cast<double>(max_value) && v == std::floor(v))) {
        if (++bad_input <= 3)
          input_detail += (input_detail.empty() ? "" : "; ") + std::to_string(i);
        continue;
      }
      const double closed = square_closed_form(static_cast<std::uint64_t>(v));
      if (serial[k] != closed) note(serial_detail, bad_serial, i, serial[k], closed);
      if (squares[i] != serial[k]) note(parallel_detail, bad_parallel, i, squares[i], serial[k]);
    }
  }
  auto more = [](std::string& detail, std::size_t bad) {
    if (bad > 3) detail += "; ... " + std::to_string(bad) + " positions differ";
  };
  more(serial_detail, bad_serial);
  more(parallel_detail, bad_parallel);
  verdict.check(bad_input == 0, "input values are integers in [0, 2^53]",
                "positions " + input_detail);
  verdict.check(bad_serial == 0, "serial baseline == exact n*n rounded once to double",
                serial_detail);
  verdict.check(bad_parallel == 0, "shared array == serial baseline, element by element",
                parallel_detail);
}

Json result_json(std::span<const double> squares) {
  if (squares.size() <= json_array_limit)
    return Json(std::vector<double>(squares.begin(), squares.end()));
  auto slice = [](std::span<const double> s) {
    return Json(std::vector<double>(s.begin(), s.end()));
  };
  return {{"size", squares.size()},
          {"first", slice(squares.first(8))},
          {"last", slice(squares.last(8))}};
}

std::string python_float(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Python prints integral values below 1e16 in positional notation with ".0".
  if (v == std::floor(v) && std::abs(v) < 1e16) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0);
    return std::string(buf, end) + ".0";
  }
  char buf[64];
  const auto fmt = std::abs(v) >= 1e16 || std::abs(v) < 1e-4 ? std::chars_format::scientific
                                                             : std::chars_format::fixed;
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, fmt);  // shortest round trip
  return std::string(buf, end);
}

void print_notebook(std::ostream& os, const Values& values, std::span<const double> squares,
                    double seconds) {
  constexpr std::size_t shown = 10;
  const std::size_t n = squares.size();
  const bool all = n <= 2 * shown;
  for (std::size_t i = 0; i < n && (all || i < shown); ++i)
    os << "square of [" << static_cast<std::uint64_t>(values.at(i)) << "] is ["
       << python_float(squares[i]) << "]\n";
  if (!all) os << "... (" << n - shown << " more)\n";
  os << "Tasks done in " << seconds << '\n';
  os << "In the main process: [";
  for (std::size_t i = 0; i < n; ++i) {
    if (!all && i == shown / 2) {
      os << ", ...";
      i = n - shown / 2;
    }
    os << (i == 0 ? "" : ", ") << python_float(squares[i]);
  }
  os << ']' << (all ? "" : " (" + std::to_string(n) + " elements)") << '\n';
}

void describe(Report& report, std::uint64_t count, std::uint64_t data_bytes,
              const std::string& data_note) {
  // STREAM's counting: the kernel squares[i] = values[i] * values[i] reads 8
  // bytes and writes 8 per element, as STREAM's Scale (b[i] = q * c[i]) does,
  // so 16 bytes per element (ref_stream_copy counts its copy alike). STREAM
  // reports the best rate, from the minimum time; the median stays beside it.
  const double t = report.parallel.median, best = report.parallel.min;
  const double written = 8.0 * static_cast<double>(count);
  if (t > 0) {
    report.metrics["GBps_written"] = written / t / 1e9;
    report.metrics["GBps_read_write"] = 2 * written / t / 1e9;
  }
  if (best > 0) report.metrics["GBps_best"] = 2 * written / best / 1e9;
  const std::uint64_t rss = peak_rss_bytes();
  report.metrics["data_held_MiB"] = static_cast<double>(data_bytes) / (1 << 20);
  report.metrics["peak_rss_MiB"] = static_cast<double>(rss) / (1 << 20);
  constexpr std::uint64_t meaningful = std::uint64_t{256} << 20;
  if (data_bytes >= meaningful)
    report.metrics["peak_rss_over_data"] =
        static_cast<double>(rss) / static_cast<double>(data_bytes);
  report.notes.push_back(
      "GBps_written = 8 bytes x n squares written / parallel time (median); GBps_read_write "
      "adds the 8 bytes x n values read (STREAM counting, 16 bytes per element as its Scale "
      "kernel, write-allocate traffic not counted); GBps_best: the same bytes over the "
      "minimum time, the rate STREAM reports");
  report.notes.push_back(
      "peak_rss (getrusage ru_maxrss) vs data held: " + data_note +
      "; verification replays the serial baseline in 512 KiB chunks" +
      (data_bytes >= meaningful ? "" : "; at this size the process itself dominates"));
}

}  // namespace hpcp::shared_array
