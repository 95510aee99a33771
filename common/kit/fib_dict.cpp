#include "common/kit/fib_dict.hpp"

#include <gmp.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "common/core/rng.hpp"
#include "common/kit/exactly_once.hpp"

namespace hpcp::fib_dict {

Output serial(const std::vector<std::uint64_t>& values) {
  Output out;
  out.consumed.assign(1, {});
  out.consumed[0].reserve(values.size());
  for (const auto v : values) {
    fib_into(out.dict[v], v);  // fibo_dict[v] = F(v), in the entry's storage
    out.consumed[0].push_back(v);
  }
  out.team = 1;
  return out;
}

void verify(const std::vector<std::uint64_t>& values, const Output& serial, const Output& parallel,
            Verdict& verdict) {
  std::vector<std::uint64_t> distinct(values), keys;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (const auto& entry : parallel.dict) keys.push_back(entry.first);
  equal_elements(distinct, keys, "dictionary keys == distinct input values", verdict);

  std::size_t bad = 0;
  std::string detail;
  for (const auto& [k, f] : parallel.dict) {
    const BigUInt expected = fib_fast_doubling(k);
    if (f == expected) continue;
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + std::string("F(") + std::to_string(k) +
                ") = " + number_text(f) + ", expected " + number_text(expected);
  }
  verdict.check(bad == 0, "F(key) == fast-doubling oracle", detail);

  // Element by element against the serial dictionary (both ordered by key).
  bad = 0;
  detail.clear();
  if (serial.dict.size() != parallel.dict.size()) {
    ++bad;
    detail = std::to_string(parallel.dict.size()) + " keys, serial has " +
             std::to_string(serial.dict.size());
  } else {
    auto s = serial.dict.begin();
    for (auto p = parallel.dict.begin(); p != parallel.dict.end(); ++p, ++s) {
      if (p->first == s->first && p->second == s->second) continue;
      if (++bad <= 3)
        detail += (detail.empty() ? "" : "; ") + std::string("key ") + std::to_string(p->first) +
                  " -> " + number_text(p->second) + ", serial key " + std::to_string(s->first) +
                  " -> " + number_text(s->second);
    }
  }
  verdict.check(bad == 0, "dictionary == serial dictionary", detail);

  std::vector<std::uint64_t> consumed;
  for (const auto& c : parallel.consumed) consumed.insert(consumed.end(), c.begin(), c.end());
  exactly_once(values, std::move(consumed),
               "exactly-once delivery (items consumed == items produced)", verdict);
}

Json result_json(const Dict& dict) {
  Json j = Json::object();
  for (const auto& [k, f] : dict) j[std::to_string(k)] = exact_json(f);
  return j;
}

std::vector<std::uint64_t> items_per_worker(const Output& out) {
  std::vector<std::uint64_t> counts;
  for (const auto& c : out.consumed) counts.push_back(c.size());
  return counts;
}

void describe_balance(Report& report, const Output& out, std::size_t items, const std::string& key,
                      std::size_t first_worker) {
  const auto counts = items_per_worker(out);
  report.metrics["items"] = items;
  if (report.parallel.median > 0)
    report.metrics["items_per_second"] =
        std::round(static_cast<double>(items) / report.parallel.median);
  report.metrics[key] = counts;
  std::uint64_t busiest = 0;
  for (std::size_t w = first_worker; w < counts.size(); ++w) busiest = std::max(busiest, counts[w]);
  if (items > 0 && counts.size() > first_worker) {
    const double workers = static_cast<double>(counts.size() - first_worker);
    // busiest / mean: 1 is perfect balance
    report.metrics["imbalance"] =
        std::round(1000.0 * static_cast<double>(busiest) * workers / static_cast<double>(items)) /
        1000.0;
  }
}

std::string number_text(const BigUInt& value) {
  std::string s = value.str();  // not const: returned by move when short
  if (s.size() <= 30) return s;
  return s.substr(0, 10) + "..." + s.substr(s.size() - 10) + " (" + std::to_string(s.size()) +
         " digits)";
}

std::string dict_text(const std::vector<std::uint64_t>& values, const Dict& dict,
                      std::size_t max_keys) {
  std::set<std::uint64_t> seen;
  std::string text = "{";
  for (const auto v : values) {
    if (seen.size() == max_keys) break;
    if (!seen.insert(v).second) continue;
    const auto it = dict.find(v);
    text += (seen.size() > 1 ? ", " : "") + std::to_string(v) + ": " +
            (it == dict.end() ? std::string("<missing>") : number_text(it->second));
  }
  if (dict.size() > seen.size()) text += ", ...";
  text += "}";
  if (dict.size() > seen.size())
    text +=
        " (" + std::to_string(seen.size()) + " of " + std::to_string(dict.size()) + " keys shown)";
  return text;
}

std::vector<std::uint64_t> make_values(const Values& spec, std::uint64_t seed) {
  if (spec.generate) return uniform_values(spec.count, 1, spec.max, seed);
  return parse_unsigned_list(spec.list);
}

Json values_params(const Values& spec) {
  if (spec.generate) return {{"count", spec.count}, {"max", spec.max}};
  return {{"values", spec.list}};
}

std::string benchmark_help(const std::string& heavy_items) {
  return "Light items (hand-off throughput): --count 1000000 (values 1..20). Heavy items "
         "(speedup): large values, e.g. " +
         heavy_items +
         ": F(v) by the notebook's loop costs "
         "O(v^2) limb additions, so items are real, unequal work.";
}

void append_result(std::uint64_t v, const BigUInt& f, std::vector<std::uint64_t>& message) {
  message.push_back(v);
  const mpz_srcptr z = f.backend().data();
  // Limbs of 64 bits, most significant first, in this machine's byte order.
  const std::size_t n = mpz_sgn(z) == 0 ? 1 : (mpz_sizeinbase(z, 2) + 63) / 64;
  message.push_back(n);
  const std::size_t at = message.size();
  message.resize(at + n, 0);  // zero stays the single limb 0
  mpz_export(message.data() + at, nullptr, 1, sizeof(std::uint64_t), 0, 0, z);
}

std::size_t read_result(const std::vector<std::uint64_t>& message, std::size_t at, std::uint64_t& v,
                        BigUInt& f) {
  if (message.size() < at + 2 || message[at + 1] > message.size() - at - 2)
    throw std::runtime_error("truncated result message (" + std::to_string(message.size()) +
                             " words, result at " + std::to_string(at) + ")");
  v = message[at];
  const std::size_t n = message[at + 1];
  f = 0U;  // a moved-from f holds no mpz_t until assigned
  mpz_import(f.backend().data(), n, 1, sizeof(std::uint64_t), 0, 0, message.data() + at + 2);
  return at + 2 + n;
}

}  // namespace hpcp::fib_dict
