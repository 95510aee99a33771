// pipe under MPI at whatever rank count mpiexec gives: one rank is refused
// (the error path; the kernels need a pair), two or more ranks form pairs
// 0-1, 2-3, ... and an odd last rank idles; one value and the ping-pong sweep
// against the serial baseline.
#define BOOST_TEST_MODULE mpi_pipe
#include "mpi_fixture.hpp"

#include "common/examples/pipe/spec.hpp"
#include "mpi/pipe.hpp"

using namespace hpcp;
using namespace hpcp::pipe;

BOOST_AUTO_TEST_CASE(fewer_than_two_ranks_are_refused) {
  BOOST_TEST(hpcp::mpi::pipe::rank_problem(1).has_value());
  BOOST_TEST(hpcp::mpi::pipe::rank_problem(0).has_value());
  BOOST_TEST(!hpcp::mpi::pipe::rank_problem(2).has_value());
  BOOST_TEST(!hpcp::mpi::pipe::rank_problem(3).has_value());
}

BOOST_AUTO_TEST_CASE(one_value_per_pair) {
  if (test::size() < 2) return;  // refused above; the binary exits 2 (CLI test)
  const int pairs = test::size() / 2;
  Input in{PipeMode::notebook, {}, {}};
  for (int k = 0; k < pairs; ++k) in.values.push_back(1 + static_cast<std::uint64_t>(k) % 10);
  const auto out = hpcp::mpi::pipe::send_one(in.values, MPI_COMM_WORLD);
  bool ok = out.pairs == pairs && out.idle == (test::size() % 2 ? test::size() - 1 : -1);
  if (test::rank() == 0) {
    Verdict v;
    verify(in, serial(in), out, v);
    ok = ok && v.ok() && out.deliveries.size() == static_cast<std::size_t>(pairs);
    for (const auto& d : out.deliveries)
      ok = ok && d.sender_pid > 0 && d.receiver_pid > 0 && d.sender_pid != d.receiver_pid &&
           d.receiver == d.sender + 1 && d.sender % 2 == 0;
  } else {
    ok = ok && out.deliveries.empty();
  }
  BOOST_TEST(test::all_ranks(ok), "ranks = " << test::size());
}

BOOST_AUTO_TEST_CASE(ping_pong_matches_serial) {
  if (test::size() < 2) return;
  for (auto check : {PayloadCheck::stamp, PayloadCheck::full}) {
    Input in{PipeMode::pingpong, std::vector<std::uint64_t>(test::size() / 2, 1), {}};
    in.plan.sizes = {0, 1, 7, 8, 9, 17, 4096, 8193, 65537};
    in.plan.iterations = 20;
    in.plan.warmup = 3;
    in.plan.check = check;
    const auto out = hpcp::mpi::pipe::ping_pong(in.plan, MPI_COMM_WORLD);
    bool ok = true;
    if (test::rank() == 0) {
      Verdict v;
      verify(in, serial(in), out, v);
      ok = v.ok();
      for (const auto& r : out.sweep) ok = ok && r.seconds > 0;
    } else {
      ok = out.sweep.empty();
    }
    BOOST_TEST(test::all_ranks(ok), "check " << name_of(check) << ", ranks = " << test::size());
  }
}

BOOST_AUTO_TEST_CASE(bandwidth_matches_serial) {
  if (test::size() < 2) return;
  for (auto check : {PayloadCheck::stamp, PayloadCheck::full}) {
    Input in{PipeMode::bw, std::vector<std::uint64_t>(test::size() / 2, 1), {}};
    in.plan.sizes = {0, 1, 7, 8, 9, 17, 4096, 8193, 65537};
    in.plan.window = bw_window;
    in.plan.iterations = 4;
    in.plan.warmup = 1;
    in.plan.check = check;
    const auto out = hpcp::mpi::pipe::bandwidth(in.plan, MPI_COMM_WORLD);
    bool ok = true;
    if (test::rank() == 0) {
      Verdict v;
      verify(in, serial(in), out, v);
      ok = v.ok();
      for (const auto& r : out.sweep)
        ok = ok && r.seconds > 0 && r.delivered == 5U * bw_window * (test::size() / 2);
    } else {
      ok = out.sweep.empty();
    }
    BOOST_TEST(test::all_ranks(ok), "check " << name_of(check) << ", ranks = " << test::size());
  }
}
