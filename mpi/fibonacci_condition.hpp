#pragma once
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/fibonacci_condition/spec.hpp"

namespace hpcp::mpi::fibonacci_condition {
// Rank 0 is the producer (queue_task) and holds the queue (`values`, read on
// rank 0 only) and the dictionary. Every other rank is a fibonacci_task: it
// says it is waiting (with the results of its last values), blocks in
// MPI_Recv until rank 0 sends up to `chunk` values or the stop message
// (nothing more is coming), and ends on stop. With one rank, rank 0 produces
// and consumes in turn. The result (dictionary, consumed[r]: the values rank r
// computed) is on rank 0 only.
// A `tracer` that is on sees each value consumed (item i: values[i]); rank 0
// then hands out one value at a time, with its id.
hpcp::fib_dict::Output serve(const std::vector<std::uint64_t>& values, std::size_t chunk,
                             MPI_Comm comm, const Tracer& tracer = Tracer{});
}  // namespace hpcp::mpi::fibonacci_condition
