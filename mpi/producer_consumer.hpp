#pragma once
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "producer_consumer_serial.hpp"

namespace hpcp::mpi::producer_consumer {
// Master/worker self-scheduling, `chunk` values per request. Rank 0 holds the
// queue (`values`, read on rank 0 only) and the dictionary and takes values
// from it itself between requests; every other rank asks for values (two
// requests in flight), computes F(v) and returns the results with its next
// request until rank 0 answers "stop". With one rank, rank 0 drains its own
// queue. The result (dictionary, consumed[r]: the values rank r computed) is on
// rank 0 only.
hpcp::fib_dict::Output self_schedule(const std::vector<std::uint64_t>& values, std::size_t chunk,
                                     MPI_Comm comm);
}  // namespace hpcp::mpi::producer_consumer
