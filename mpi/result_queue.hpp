#pragma once
#include <mpi.h>

#include <cstddef>
#include <cstdint>

#include "common/core/trace.hpp"
#include "common/examples/result_queue/spec.hpp"

namespace hpcp::mpi::result_queue {
// Rank r computes item(k, work) for k = r+1, r+1+P, ... (cyclic). Ranks 1..P-1
// send their values to rank 0, `batch` per message, then a "done" message;
// rank 0 computes its own share, taking in whatever has arrived after each of
// its items (MPI_Iprobe), then receives with MPI_ANY_SOURCE until every worker
// has said done. The result (arrival order, per-rank counts) is on rank 0 only.
// A `tracer` that is on sees each result computed (item k - 1 for n = k) and
// makes the workers send each at once (batch 1), as the notebook's put().
hpcp::result_queue::Output gather_any(std::uint64_t n, std::uint64_t work, std::size_t batch,
                                      MPI_Comm comm, const Tracer& tracer = Tracer{});
}  // namespace hpcp::mpi::result_queue
