// Exactly-once delivery for the queue examples: the multiset of items
// consumed equals the multiset produced (none lost, none twice). Sorting
// copies keeps the common case fast at a million items; only a mismatch pays
// for same_multiset's per-value explanation.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "common/core/verify.hpp"

namespace hpcp {

template <class T>
bool exactly_once(std::vector<T> produced, std::vector<T> consumed, const std::string& what,
                  Verdict& verdict) {
  std::sort(produced.begin(), produced.end());
  std::sort(consumed.begin(), consumed.end());
  if (produced == consumed) {
    verdict.check(true, what);
    return true;
  }
  return same_multiset(produced, consumed, what, verdict);
}

}  // namespace hpcp
