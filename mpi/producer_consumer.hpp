#pragma once
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/producer_consumer/spec.hpp"
#include "common/mpi/node.hpp"

namespace hpcp::mpi::producer_consumer {
// Master/worker self-scheduling, `chunk` values per request. Rank 0 holds the
// queue (`values`, read on rank 0 only) and the dictionary and takes values
// from it itself between requests; every other rank asks for values (two
// requests in flight), computes F(v) and returns the results with its next
// request until rank 0 answers "stop". With one rank, rank 0 drains its own
// queue. The result (dictionary, consumed[r]: the values rank r computed) is on
// rank 0 only. `messages`, when given (read on rank 0 only), gets the count of
// messages rank 0 sent to or received from each rank of `comm`.
// A `tracer` that is on sees each value consumed, item first_item + i for
// values[i]; rank 0 then hands out one value at a time with its id.
hpcp::fib_dict::Output self_schedule(const std::vector<std::uint64_t>& values, std::size_t chunk,
                                     MPI_Comm comm, std::vector<std::uint64_t>* messages = nullptr,
                                     const Tracer& tracer = Tracer{}, std::uint64_t first_item = 0);

// The cost model of the split: F(v) by the notebook's loop adds v numbers of
// up to ~v/92 limbs, ~v^2; the 1 makes an item of value 0 count too (exact:
// v <= 10^6, so at most 10^12 + 1).
inline std::uint64_t item_cost(std::uint64_t v) { return v * v + 1; }

// Splits the queue, in order, into one contiguous share per node so that node
// j's share of the total cost is ranks[j] / sum(ranks), each within one item's
// cost. Returns offsets (size ranks.size() + 1): node j gets
// values[offsets[j], offsets[j + 1]). A node may get nothing.
std::vector<std::size_t> split_by_cost(const std::vector<std::uint64_t>& values,
                                       const std::vector<int>& ranks);

// What rank 0 knows after a run: the node shares and its own traffic.
struct Traffic {
  std::vector<std::size_t> offsets;  // hierarchical: node j got values[offsets[j], offsets[j + 1])
  std::uint64_t messages = 0;        // messages rank 0 sent or received
  std::uint64_t off_node = 0;        // of which to or from another node
};

// The hierarchical variant: rank 0 splits the queue among the nodes by cost
// (split_by_cost, proportional to their rank counts) and scatters the shares
// to the node leaders (MPI_Scatter of the counts, MPI_Scatterv of the values);
// each node runs self_schedule on its node communicator, its leader the local
// master and consumer; the leaders gather their node's items and dictionary
// to rank 0 (MPI_Gather of the lengths, MPI_Gatherv), which merges them.
// Same result as self_schedule: on rank 0, consumed indexed by rank of
// `comm`, whose nodes are `nodes` (find_nodes(comm)). `traffic`, when given,
// is filled on rank 0 (a collective over the leaders counts as one message
// per other leader, as a linear one takes).
hpcp::fib_dict::Output hierarchical(const std::vector<std::uint64_t>& values, std::size_t chunk,
                                    MPI_Comm comm, const Nodes& nodes, Traffic* traffic = nullptr,
                                    const Tracer& tracer = Tracer{});
}  // namespace hpcp::mpi::producer_consumer
