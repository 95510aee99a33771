// Verification: every check is named, the first few mismatches are kept for the
// report, and the verdict sets the exit code.
#pragma once

#include <cmath>
#include <cstddef>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hpcp {

class Verdict {
 public:
  static constexpr std::size_t max_messages = 10;

  // Record one named check; `detail` says what was wrong when it failed.
  void check(bool ok, const std::string& what, const std::string& detail = {}) {
    ++checks_;
    if (ok) return;
    ++failures_;
    if (messages_.size() < max_messages)
      messages_.push_back(detail.empty() ? what : what + ": " + detail);
  }
  void note(std::string line) { notes_.push_back(std::move(line)); }

  bool ok() const { return failures_ == 0; }
  int checks() const { return checks_; }
  int failures() const { return failures_; }
  const std::vector<std::string>& messages() const { return messages_; }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  int checks_ = 0, failures_ = 0;
  std::vector<std::string> messages_, notes_;
};

template <class T>
std::string to_text(const T& v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// Element-by-element equality (not a checksum): sizes first, then each index;
// the first few differing positions are reported.
template <class A, class B>
bool equal_elements(const A& expected, const B& actual, const std::string& what, Verdict& verdict) {
  if (std::size(expected) != std::size(actual)) {
    verdict.check(false, what,
                  "size " + std::to_string(std::size(actual)) + ", expected " +
                      std::to_string(std::size(expected)));
    return false;
  }
  std::size_t bad = 0;
  std::string detail;
  auto e = std::begin(expected);
  auto a = std::begin(actual);
  for (std::size_t i = 0; e != std::end(expected); ++e, ++a, ++i) {
    if (*e == *a) continue;
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + std::string("[") + std::to_string(i) +
                "] = " + to_text(*a) + ", expected " + to_text(*e);
  }
  if (bad > 3) detail += "; ... " + std::to_string(bad) + " positions differ";
  verdict.check(bad == 0, what, detail);
  return bad == 0;
}

// Floating point: relative tolerance, first mismatches reported.
template <class A, class B>
bool close_elements(const A& expected, const B& actual, double rel_tol, const std::string& what,
                    Verdict& verdict) {
  if (static_cast<std::size_t>(expected.size()) != static_cast<std::size_t>(actual.size())) {
    verdict.check(false, what, "sizes differ");
    return false;
  }
  std::size_t bad = 0;
  std::string detail;
  for (std::size_t i = 0; i < static_cast<std::size_t>(expected.size()); ++i) {
    const double e = expected[i], a = actual[i];
    if (std::abs(a - e) <= rel_tol * std::max(std::abs(e), 1e-300)) continue;
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + std::string("[") + std::to_string(i) +
                "] = " + to_text(a) + ", expected " + to_text(e);
  }
  if (bad > 3) detail += "; ... " + std::to_string(bad) + " positions differ";
  verdict.check(bad == 0, what, detail);
  return bad == 0;
}

// Exactly-once delivery: the multiset consumed equals the multiset produced.
template <class Produced, class Consumed>
bool same_multiset(const Produced& produced, const Consumed& consumed, const std::string& what,
                   Verdict& verdict) {
  using T = std::decay_t<decltype(*std::begin(produced))>;
  std::map<T, long long> count;
  for (const auto& v : produced) ++count[v];
  for (const auto& v : consumed) --count[v];
  std::string detail;
  int bad = 0;
  for (const auto& [v, c] : count) {
    if (c == 0) continue;
    if (++bad <= 3)
      detail += (detail.empty() ? "" : "; ") + to_text(v) +
                (c > 0 ? " lost " + std::to_string(c) + "x"
                       : " delivered " + std::to_string(-c) + "x too often");
  }
  verdict.check(bad == 0, what, detail);
  return bad == 0;
}

}  // namespace hpcp
