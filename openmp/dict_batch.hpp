// A consumer's batch of dictionary updates, for the OpenMP fibonacci_condition
// and producer_consumer: F(v) for every value taken, computed outside any
// lock, then one `omp critical(fibo_dict)` that writes them all into the
// shared dictionary (the notebook's Manager dict / fibo_dict).
//
// Inside the critical section only the shared dictionary is touched, and as
// little as it takes:
// - a key repeated within one batch is written once: its values are all F(v),
//   equal, and no other thread can see the dictionary between two writes of
//   one critical section, so the later writes could not be told apart;
// - each consumer remembers, in a small direct-mapped table of its own,
//   where (a std::map iterator) it last wrote a key, and writes there again
//   without searching the tree. std::map iterators stay valid while no
//   element is erased, and nothing is erased while the consumers run.
// A key whose slot is taken by another key of the same batch goes through
// insert_or_assign, as does a key seen for the first time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "common/kit/fib_dict.hpp"
#include "common/kit/fibonacci.hpp"

namespace hpcp::omp {

class DictBatch {
 public:
  DictBatch() : slots_(table_size) {}

  // F(v) for every value of `batch`, outside any lock; notes which keys it
  // holds. `batch` must stay unchanged until insert().
  void compute(std::span<const std::uint64_t> batch) {
    batch_ = batch;
    ++stamp_;
    if (results_.size() < batch.size()) results_.resize(batch.size());  // never shrinks
    distinct_.clear();
    spill_.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const std::uint64_t v = batch[i];
      fib_into(results_[i], v);  // in the storage the slot already has
      Slot& slot = slots_[static_cast<std::size_t>(v % table_size)];
      if (slot.stamp == stamp_) {                // this batch already has this slot:
        if (slot.key != v) spill_.push_back(i);  // another key (a repeat needs no write)
        continue;
      }
      if (slot.key != v) {  // the slot's last key was another one
        slot.key = v;
        slot.known = false;
      }
      slot.stamp = stamp_;
      slot.index = i;
      distinct_.push_back(&slot);
    }
  }

  // fibo_dict[v] = F(v) for the batch, under one critical section.
  void insert(fib_dict::Dict& dict) {
#pragma omp critical(fibo_dict)
    {
      for (Slot* slot : distinct_) {
        BigUInt& f = results_[slot->index];
        if (slot->known) {
          swap(slot->where->second, f);  // the old value's storage comes back for reuse
        } else {
          slot->where = dict.insert_or_assign(slot->key, std::move(f)).first;
          slot->known = true;
        }
      }
      for (const std::size_t i : spill_) dict.insert_or_assign(batch_[i], std::move(results_[i]));
    }
  }

 private:
  static constexpr std::size_t table_size = 256;
  struct Slot {
    std::uint64_t key = 0;
    fib_dict::Dict::iterator where{};
    std::uint32_t stamp = 0;  // the batch that last used the slot
    std::size_t index = 0;    // where in that batch its value is
    bool known = false;       // `where` points at key's element
  };

  std::vector<Slot> slots_;
  // Reused across batches, never shrunk, and swapped (not moved) into the
  // dictionary: light items (F(v) of a few limbs) allocate nothing. Moving
  // them out and allocating anew cost a malloc and a free per item, 40 % of
  // a 10^6-item run's time at 2 threads.
  std::vector<BigUInt> results_;
  std::vector<Slot*> distinct_;
  std::vector<std::size_t> spill_;
  std::span<const std::uint64_t> batch_;
  std::uint32_t stamp_ = 0;
};

}  // namespace hpcp::omp
