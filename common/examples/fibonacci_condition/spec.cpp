#include "common/examples/fibonacci_condition/spec.hpp"

namespace hpcp::fibonacci_condition {

void print_notebook(std::ostream& os, const std::vector<std::uint64_t>& values,
                    const fib_dict::Output& out, const std::string& producer,
                    const std::function<std::string(int)>& consumer_name) {
  constexpr std::size_t max_lines = 20;
  os << "[" << producer << "] - Notifying fibonacci_task threads that the queue is ready to "
     << "consume.. (" << values.size() << (values.size() == 1 ? " value" : " values") << ")\n";
  fib_dict::print_items(os, out, max_lines, [&](int w, std::uint64_t v, const BigUInt& f) {
    os << "[" << consumer_name(w) << "] fibonacci of key [" << v << "] with result ["
       << fib_dict::number_text(f) << "]\n";
  });
  os << "[MainThread] - Result: " << fib_dict::dict_text(values, out.dict) << '\n';
}

}  // namespace hpcp::fibonacci_condition
