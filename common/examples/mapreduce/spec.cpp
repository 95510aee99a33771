#include "common/examples/mapreduce/spec.hpp"

#include <Eigen/Core>
#include <cmath>

#include "common/kit/arithmetic.hpp"
#include "common/kit/partition.hpp"

namespace hpcp::mapreduce {

Output serial(std::uint64_t n) {
  Output out;
  out.results.resize(n);
  for (std::uint64_t e = 0; e < n; ++e) {
    out.results[e] = compute(e);
    out.total += out.results[e];
  }
  return out;
}

std::int64_t difference(const std::vector<std::uint64_t>& parallel,
                        const std::vector<std::uint64_t>& serial) {
  if (parallel.size() != serial.size()) return 0;  // sizes are checked by verify()
  using Array = Eigen::Array<std::int64_t, Eigen::Dynamic, 1>;
  const auto n = static_cast<Eigen::Index>(parallel.size());
  // Every compute(k) < 2^63 (N is bounded so the total fits 64 bits).
  const Eigen::Map<const Array> p(reinterpret_cast<const std::int64_t*>(parallel.data()), n);
  const Eigen::Map<const Array> s(reinterpret_cast<const std::int64_t*>(serial.data()), n);
  return (p - s).sum();
}

void verify(std::uint64_t n, const Output& serial, const Output& parallel, Verdict& verdict) {
  std::vector<std::uint64_t> closed(n);
  for (std::uint64_t k = 0; k < n; ++k) closed[k] = compute_closed_form(k);
  equal_elements(closed, serial.results, "serial list == n(n-1)/2", verdict);
  equal_elements(serial.results, parallel.results, "parallel list == serial list", verdict);
  const auto total = mapreduce_total_closed_form(n);
  verdict.check(total && parallel.total == *total, "parallel total == N(N-1)(N-2)/6",
                "got " + std::to_string(parallel.total) + ", expected " +
                    (total ? std::to_string(*total) : std::string("overflow")));
  verdict.check(difference(parallel.results, serial.results) == 0, "difference == 0");
}

Json result_json(std::uint64_t n, const Output& serial, const Output& parallel) {
  return Json{{"n", n},
              {"total", parallel.total},
              {"difference", difference(parallel.results, serial.results)}};
}

void print_notebook(std::ostream& os, std::uint64_t n, const Output& out, const Output& serial) {
  os << "map compute(n) = sum of i for i < n over n in range(" << n << ")\n"
     << "Total: " << out.total << '\n'
     << "Difference between two results: " << difference(out.results, serial.results) << '\n';
}

double block_split_busiest_share(std::uint64_t n, int workers) {
  if (n < 3 || workers < 1) return 1.0;
  // Item k costs k steps, so the work of [lo, hi) is compute_closed_form(hi) -
  // compute_closed_form(lo).
  const auto all = static_cast<double>(compute_closed_form(n));
  double busiest = 0;
  for (int w = 0; w < workers; ++w) {
    // OpenMP's static schedule and our block distribution: the first n % P
    // blocks are one longer.
    const BlockRange b =
        block_range(n, static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(workers));
    const double work = static_cast<double>(compute_closed_form(b.hi())) -
                        static_cast<double>(compute_closed_form(b.lo));
    busiest = std::max(busiest, work);
  }
  return busiest / all;
}

void note_block_split(Report& report, std::uint64_t n, int workers, const std::string& split,
                      const std::string& worker, const std::string& fix) {
  if (workers < 2) return;
  const double share = block_split_busiest_share(n, workers);
  report.notes.push_back(split + ": the busiest " + worker + " holds " +
                         std::to_string(std::lround(share * 100)) +
                         "% of the work, so the speedup cannot exceed " + fixed(1.0 / share, 2) +
                         "; use " + fix + " to balance");
}

}  // namespace hpcp::mapreduce
