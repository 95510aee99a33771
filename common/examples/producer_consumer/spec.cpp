#include "common/examples/producer_consumer/spec.hpp"

namespace hpcp::producer_consumer {

void print_notebook(std::ostream& os, const std::vector<std::uint64_t>& values,
                    const fib_dict::Output& out, const std::string& producer,
                    const std::string& worker_prefix) {
  constexpr std::size_t max_lines = 20;
  for (std::size_t i = 0; i < values.size() && i < max_lines; ++i)
    os << "Producer [" << producer << "] putting value [" << values[i] << "] into queue..\n";
  if (values.size() > max_lines) os << "... (" << values.size() - max_lines << " more values)\n";
  fib_dict::print_items(os, out, max_lines, [&](int w, std::uint64_t v, const BigUInt&) {
    os << "consumer [" << worker_prefix << w << "] getting value [" << v << "] from queue...\n";
  });
  os << fib_dict::dict_text(values, out.dict) << '\n';
}

}  // namespace hpcp::producer_consumer
