#include "common/examples/result_queue/spec.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hpcp::result_queue {

Output serial(std::uint64_t n, std::uint64_t work) {
  Output out;
  out.arrivals.reserve(n);
  for (std::uint64_t k = 1; k <= n; ++k) out.arrivals.push_back(item(k, work));
  out.per_worker = {n};
  return out;
}

void verify(std::uint64_t n, const Output& serial, const Output& parallel, Verdict& verdict) {
  std::vector<std::uint64_t> squares(n);
  for (std::uint64_t k = 1; k <= n; ++k) squares[k - 1] = k * k;
  equal_elements(squares, serial.arrivals, "serial list == n*n for n = 1..N", verdict);

  // Arrival order is the scheduler's; the values are not. Squares ascend, so
  // the sorted arrivals must equal the serial list position by position, and
  // that equality is the multiset equality: nothing lost, nothing twice.
  std::vector<std::uint64_t> sorted(parallel.arrivals);
  std::sort(sorted.begin(), sorted.end());
  equal_elements(serial.arrivals, sorted, "arrivals (sorted) == serial list", verdict);
  if (sorted == squares)
    verdict.check(true, "exactly-once delivery (values received == values put)");
  else
    same_multiset(squares, parallel.arrivals,
                  "exactly-once delivery (values received == values put)", verdict);
  const std::uint64_t counted =
      std::accumulate(parallel.per_worker.begin(), parallel.per_worker.end(), std::uint64_t{0});
  verdict.check(counted == n, "items counted per worker add up to N",
                std::to_string(counted) + ", expected " + std::to_string(n));
}

Json result_json(const Output& out) { return out.arrivals; }

void print_notebook(std::ostream& os, const Output& out) {
  constexpr std::size_t max_lines = 20;
  for (std::size_t i = 0; i < out.arrivals.size() && i < max_lines; ++i)
    os << out.arrivals[i] << '\n';
  if (out.arrivals.size() > max_lines)
    os << "... (" << out.arrivals.size() - max_lines << " more values)\n";
}

void describe(Report& report, const Output& out, const char* key) {
  report.metrics["items"] = out.arrivals.size();
  if (report.parallel.median > 0)
    report.metrics["items_per_second"] =
        std::round(static_cast<double>(out.arrivals.size()) / report.parallel.median);
  report.metrics[key] = out.per_worker;
}

Json params(std::uint64_t n, std::uint64_t work) { return {{"n", n}, {"work", work}}; }

}  // namespace hpcp::result_queue
