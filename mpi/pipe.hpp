#pragma once
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/trace.hpp"
#include "common/examples/pipe/spec.hpp"

namespace hpcp::mpi::pipe {

inline constexpr int tag = 1;      // the pipe's messages, all modes
inline constexpr int ack_tag = 2;  // bw: the receiver's ack after each window

// Ranks 2k and 2k+1 form pair k; with an odd count the last rank idles.
// Fewer than two ranks: the message that ends the run with exit 2.
std::optional<std::string> rank_problem(int size);

// Rank 2k sends values[k] to rank 2k+1 (MPI_Send/MPI_Recv); the deliveries,
// with each end's PID, are gathered on rank 0 (elsewhere: none).
// A `tracer` that is on sees pair k's send (item 2k) and receive (item 2k + 1).
hpcp::pipe::Output send_one(const std::vector<std::uint64_t>& values, MPI_Comm comm,
                            const Tracer& tracer = Tracer{});

// Every pair runs the sweep at once (rank 2k pings, 2k+1 pongs); rank 0 gets
// the slowest pair's time and the message counts summed over all ranks
// (mpi/pipe_pingpong.cpp).
hpcp::pipe::Output ping_pong(const hpcp::pipe::Plan& plan, MPI_Comm comm);

// The same pairs, as osu_bw: per iteration rank 2k posts plan.window
// MPI_Isend, rank 2k+1 as many MPI_Irecv, both MPI_Waitall, then 2k+1 sends a
// 4-byte ack; rank 0 gets the slowest sender's time and the summed counts.
hpcp::pipe::Output bandwidth(const hpcp::pipe::Plan& plan, MPI_Comm comm);

}  // namespace hpcp::mpi::pipe
