// pipe: the message pattern and its checks, the serial baselines, the one-slot
// channel (eager and rendezvous, in rings of 1-8 threads; an idle end parks), and the OpenMP
// kernels (one value; the ping-pong sweep) at 1, 2, 3 and 8 threads requested, which must not
// matter: the pipe always has two ends.
#define BOOST_TEST_MODULE pipe
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <thread>

#include "common/core/driver.hpp"
#include "common/examples/pipe/spec.hpp"
#include "openmp/pipe.hpp"
#include "parse_args.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
using namespace hpcp::pipe;

namespace {
Plan small_plan(PayloadCheck check) {
  Plan p;
  p.sizes = {0, 1, 7, 8, 9, 16, 17, 4096, 8193, 65537};
  p.iterations = 20;
  p.warmup = 3;
  p.check = check;
  return p;
}
Input pingpong_input(PayloadCheck check, std::size_t pairs = 1) {
  return {PipeMode::pingpong, std::vector<std::uint64_t>(pairs, 1), small_plan(check)};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(pattern)

BOOST_DATA_TEST_CASE(written_messages_pass_their_check,
                     bdata::make({0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 4096, 4097}) *
                         bdata::make({PayloadCheck::stamp, PayloadCheck::full}),
                     bytes, check) {
  const auto n = static_cast<std::size_t>(bytes);
  Buffer send(n), recv(n);
  prepare_buffers(send.data(), recv.data(), n);
  for (std::uint64_t i : {0ULL, 1ULL, 99ULL}) {
    write_message(send.data(), n, i, check);
    BOOST_TEST(check_message(send.data(), n, i, check));
    BOOST_TEST(wrong_words(send.data(), n, i, check) == 0U);
    if (n > 0) {
      BOOST_TEST(!check_message(send.data(), n, i + 1, check), "a stale message is caught");
      BOOST_TEST(wrong_words(recv.data(), n, i, check) > 0U, "the poison is not a message");
    }
  }
}

BOOST_AUTO_TEST_CASE(full_check_catches_any_flipped_byte) {
  const std::size_t n = 100;
  Buffer buf(n);
  for (std::size_t at = 0; at < n; ++at) {
    write_message(buf.data(), n, 5, PayloadCheck::full);
    buf.data()[at] ^= std::byte{1};
    BOOST_TEST(!check_message(buf.data(), n, 5, PayloadCheck::full), "byte " << at);
    BOOST_TEST(wrong_words(buf.data(), n, 5, PayloadCheck::full) == 1U);
  }
}

BOOST_AUTO_TEST_CASE(stamp_mode_checks_the_body_after_the_loop) {
  const std::size_t n = 4096;
  Buffer send(n), recv(n);
  prepare_buffers(send.data(), recv.data(), n);
  write_message(send.data(), n, 7, PayloadCheck::stamp);
  send.data()[2000] ^= std::byte{0x80};
  BOOST_TEST(check_message(send.data(), n, 7, PayloadCheck::stamp));  // the stamps are intact
  BOOST_TEST(wrong_words(send.data(), n, 7, PayloadCheck::stamp) == 1U);
}

BOOST_AUTO_TEST_CASE(plan_defaults_follow_osu) {
  Plan p;
  p.sizes = default_sizes();
  BOOST_TEST(p.sizes.size() == 23U);
  BOOST_TEST(p.sizes.front() == 1U);
  BOOST_TEST(p.sizes.back() == 4194304U);
  BOOST_TEST(p.max_bytes() == 4194304U);
  BOOST_TEST(p.iterations_for(8192) == 1000U);
  BOOST_TEST(p.warmup_for(8192) == 100U);
  BOOST_TEST(p.iterations_for(8193) == 100U);
  BOOST_TEST(p.warmup_for(8193) == 10U);
  p.iterations = 7;
  p.warmup = 0;
  BOOST_TEST(p.iterations_for(1 << 20) == 7U);
  BOOST_TEST(p.warmup_for(1) == 0U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(options)

std::optional<std::string> parse(std::vector<std::string> args) {
  Options o;
  const auto app = make_app("test", "test");
  o.add_flags(*app);
  BOOST_REQUIRE(hpcp::test::parses(*app, std::move(args)));
  return o.validate();
}

BOOST_AUTO_TEST_CASE(pingpong_flags_need_pingpong_mode) {
  BOOST_TEST(!parse({}).has_value());
  BOOST_TEST(!parse({"--mode", "pingpong", "--sizes", "1,8", "--check", "full"}).has_value());
  BOOST_TEST(parse({"--sizes", "8"}).value() == "--sizes: only with --mode pingpong or --mode bw");
  BOOST_TEST(parse({"--mode", "notebook", "--warmup", "0"}).value() ==
             "--warmup: only with --mode pingpong or --mode bw");
  BOOST_TEST(parse({"-m", "4"}).value() ==
             "--message-size: only with --mode pingpong or --mode bw");
}

// The sweep's sizes after these flags, or nothing when they are refused.
std::optional<std::vector<std::size_t>> sizes_of(std::vector<std::string> args) {
  Options o;
  const auto app = make_app("test", "test");
  o.add_flags(*app);
  args.insert(args.begin(), {"--mode", "bw"});
  if (!hpcp::test::parses(*app, std::move(args))) return std::nullopt;
  const Plan p = o.plan();
  BOOST_TEST(p.window == bw_window);
  return p.sizes;
}

BOOST_AUTO_TEST_CASE(message_sizes_as_osu_reads_them) {
  using V = std::vector<std::size_t>;
  BOOST_TEST((*sizes_of({"-m", "1:4K"}) == power_of_two_sizes(1, 4096)));
  BOOST_TEST(sizes_of({"-m", "1:4K"})->size() == 13U);
  BOOST_TEST(sizes_of({"-m", "1:4K"})->back() == 4096U);
  BOOST_TEST((*sizes_of({"-m", "16"}) == V{1, 2, 4, 8, 16}));                 // MAX alone
  BOOST_TEST((*sizes_of({"--message-size", "2M:"}) == V{2 << 20, 4 << 20}));  // MIN alone
  BOOST_TEST((*sizes_of({"-m", "0:2"}) == V{0, 1, 2}));
  BOOST_TEST((*sizes_of({"-m", "3:13"}) == V{3, 6, 12}));  // OSU: MIN doubled while <= MAX
  BOOST_TEST((*sizes_of({"-m", "1Ki:1Ki"}) == V{1024}));
  BOOST_TEST((*sizes_of({"--sizes", "1K,4M,3"}) == V{1024, 4 << 20, 3}));
  BOOST_TEST((*sizes_of({"--sizes", "1.5K"}) == V{1536}));
  BOOST_TEST((*sizes_of({}) == default_sizes()));
  for (std::string bad : {"4K:1K", "", ":", "1:2:3", "1.5", "x", "1:512M", "-1:4", "1e-3:1"})
    BOOST_TEST(!sizes_of({"-m", bad}).has_value(), bad);
  BOOST_TEST(!sizes_of({"-m", "4", "--sizes", "4"}).has_value());
}

BOOST_AUTO_TEST_CASE(short_flags_as_osu) {
  Options o;
  const auto app = make_app("test", "test");
  o.add_flags(*app);
  BOOST_REQUIRE(hpcp::test::parses(*app, {"--mode", "pingpong", "-i", "1e3", "-x", "2K"}));
  BOOST_TEST(*o.iterations == 1000U);
  BOOST_TEST(*o.warmup == 2000U);  // counts: K is 10^3
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(serial_baseline)

BOOST_AUTO_TEST_CASE(one_value_per_pair) {
  const Input in{PipeMode::notebook, {7, 1, 10}, {}};
  const auto out = serial(in);
  BOOST_TEST(out.deliveries.size() == 3U);
  for (std::size_t k = 0; k < 3; ++k) {
    BOOST_TEST(out.deliveries[k].sent == in.values[k]);
    BOOST_TEST(out.deliveries[k].received == in.values[k]);
  }
  Verdict v;
  verify(in, out, out, v);
  BOOST_TEST(v.ok());
}

BOOST_DATA_TEST_CASE(sweep_delivers_every_message_intact,
                     bdata::make({PayloadCheck::stamp, PayloadCheck::full}), check) {
  const auto in = pingpong_input(check);
  const auto out = serial(in);
  BOOST_TEST(out.sweep.size() == in.plan.sizes.size());
  for (const auto& r : out.sweep) {
    BOOST_TEST(r.delivered == 2 * (20 + 3U));
    BOOST_TEST(r.corrupt == 0U);
    BOOST_TEST(r.iterations == 20U);
  }
  Verdict v;
  verify(in, out, out, v);
  BOOST_TEST(v.ok());
}

BOOST_AUTO_TEST_CASE(verification_catches_loss_corruption_and_a_wrong_value) {
  const auto in = pingpong_input(PayloadCheck::stamp);
  const auto ref = serial(in);
  auto lost = ref, corrupt = ref;
  lost.sweep[3].delivered -= 1;
  corrupt.sweep[5].corrupt = 1;
  for (const auto* bad : {&lost, &corrupt}) {
    Verdict v;
    verify(in, ref, *bad, v);
    BOOST_TEST(!v.ok());
  }
  const Input one{PipeMode::notebook, {7}, {}};
  auto wrong = serial(one);
  wrong.deliveries[0].received = 8;
  Verdict v;
  verify(one, serial(one), wrong, v);
  BOOST_TEST(!v.ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(openmp)

BOOST_AUTO_TEST_CASE(channel_delivers_every_value_once_in_order) {
  omp::pipe::Channel channel(sizeof(std::uint64_t));
  constexpr std::uint64_t count = 20000;
  std::vector<std::uint64_t> got;
  std::size_t short_messages = 0;  // Boost.Test asserts on the main thread only
  std::thread consumer([&] {
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t v = 0;
      short_messages += channel.recv(reinterpret_cast<std::byte*>(&v)) != sizeof v;
      got.push_back(v);
    }
  });
  for (std::uint64_t i = 0; i < count; ++i)
    channel.send(reinterpret_cast<const std::byte*>(&i), sizeof i);
  consumer.join();
  BOOST_TEST(short_messages == 0U);
  std::vector<std::uint64_t> expected(count);
  for (std::uint64_t i = 0; i < count; ++i) expected[i] = i;
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(oversized_message_arrives_short) {
  omp::pipe::Channel channel(4);
  const std::array<std::byte, 8> big{};
  std::array<std::byte, 4> out{};
  channel.send(big.data(), big.size());
  BOOST_TEST(channel.recv(out.data()) == 4U);
}

// A token ring of `threads` threads, thread t sending to t + 1 through
// channel t: every message of every size (eager and rendezvous) arrives whole
// and in order, also with more threads than cores (spinning ends must park).
BOOST_DATA_TEST_CASE(channel_ring_delivers_every_message_intact,
                     bdata::make({1, 2, 3, 8}) * bdata::make({8, 8192, 8193, 100000}), threads,
                     bytes) {
  constexpr std::uint64_t rounds = 40;
  const auto n = static_cast<std::size_t>(threads);
  std::vector<std::unique_ptr<omp::pipe::Channel>> ring;
  for (std::size_t t = 0; t < n; ++t) ring.push_back(std::make_unique<omp::pipe::Channel>(bytes));
  std::vector<std::uint64_t> bad(n, 0), short_messages(n, 0);
  auto member = [&](std::size_t t) {
    Buffer send(bytes), recv(bytes);
    for (std::uint64_t r = 0; r < rounds; ++r) {
      if (t == 0) {  // starts each round, and receives it back after a lap
        write_message(send.data(), bytes, r, PayloadCheck::full);
        ring[0]->send(send.data(), bytes);
        if (n == 1) {
          short_messages[t] += ring[0]->recv(recv.data()) != static_cast<std::size_t>(bytes);
          bad[t] += !check_message(recv.data(), bytes, r, PayloadCheck::full);
          continue;
        }
      }
      if (n > 1) {
        short_messages[t] +=
            ring[(t + n - 1) % n]->recv(recv.data()) != static_cast<std::size_t>(bytes);
        bad[t] += !check_message(recv.data(), bytes, r, PayloadCheck::full);
        if (t != 0) {
          std::memcpy(send.data(), recv.data(), bytes);
          ring[t]->send(send.data(), bytes);
        }
      }
    }
  };
  if (n == 1 && bytes > static_cast<int>(omp::pipe::Channel::eager_bytes))
    return;  // would wait for itself
  std::vector<std::thread> team;
  for (std::size_t t = 1; t < n; ++t) team.emplace_back(member, t);
  member(0);
  for (auto& t : team) t.join();
  BOOST_TEST(bad == std::vector<std::uint64_t>(n, 0), boost::test_tools::per_element());
  BOOST_TEST(short_messages == std::vector<std::uint64_t>(n, 0), boost::test_tools::per_element());
}

// An idle receiver sleeps: waiting 200 ms for a message costs it well under
// 50 ms of CPU time (it spins some microseconds, then parks).
BOOST_AUTO_TEST_CASE(idle_receiver_parks_instead_of_spinning) {
  omp::pipe::Channel channel(sizeof(std::uint64_t));
  double cpu_seconds = -1;
  std::uint64_t got = 0;
  std::thread receiver([&] {
    timespec a{}, b{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    channel.recv(reinterpret_cast<std::byte*>(&got));
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    cpu_seconds = static_cast<double>(b.tv_sec - a.tv_sec) +
                  1e-9 * static_cast<double>(b.tv_nsec - a.tv_nsec);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::uint64_t value = 42;
  channel.send(reinterpret_cast<const std::byte*>(&value), sizeof value);
  receiver.join();
  BOOST_TEST(got == value);
  BOOST_TEST(cpu_seconds >= 0.0);
  BOOST_TEST(cpu_seconds < 0.050);
}

BOOST_DATA_TEST_CASE(one_value_from_thread_0_to_thread_1,
                     bdata::make({1, 2, 3, 8}) * bdata::make({1, 5, 10}), threads, value) {
  omp_set_num_threads(threads);
  const Input in{PipeMode::notebook, {static_cast<std::uint64_t>(value)}, {}};
  const auto out = omp::pipe::send_one(in.values[0]);
  BOOST_TEST(out.team == 2);
  BOOST_TEST_REQUIRE(out.deliveries.size() == 1U);
  const auto& d = out.deliveries[0];
  BOOST_TEST(d.sent == in.values[0]);
  BOOST_TEST(d.received == in.values[0]);
  BOOST_TEST(d.sender == 0);
  BOOST_TEST(d.receiver == 1);
  BOOST_TEST(d.sender_pid == static_cast<long>(::getpid()));
  BOOST_TEST(d.receiver_pid == static_cast<long>(::getpid()));
  Verdict v;
  verify(in, serial(in), out, v);
  BOOST_TEST(v.ok());
}

BOOST_DATA_TEST_CASE(ping_pong_matches_serial,
                     bdata::make({1, 2, 3, 8}) *
                         bdata::make({PayloadCheck::stamp, PayloadCheck::full}),
                     threads, check) {
  omp_set_num_threads(threads);
  const auto in = pingpong_input(check);
  const auto out = omp::pipe::ping_pong(in.plan);
  Verdict v;
  verify(in, serial(in), out, v);
  BOOST_TEST(v.ok(), (v.messages().empty() ? std::string() : v.messages()[0]));
  for (const auto& r : out.sweep) BOOST_TEST(r.seconds > 0.0);
}

BOOST_DATA_TEST_CASE(bandwidth_matches_serial,
                     bdata::make({1, 2, 3, 8}) *
                         bdata::make({PayloadCheck::stamp, PayloadCheck::full}),
                     threads, check) {
  omp_set_num_threads(threads);
  auto in = pingpong_input(check);
  in.mode = PipeMode::bw;
  in.plan.window = bw_window;
  in.plan.iterations = 4;
  in.plan.warmup = 1;
  const auto out = omp::pipe::bandwidth(in.plan);
  Verdict v;
  verify(in, serial(in), out, v);
  BOOST_TEST(v.ok(), (v.messages().empty() ? std::string() : v.messages()[0]));
  BOOST_REQUIRE(out.sweep.size() == in.plan.sizes.size());
  for (const auto& r : out.sweep) {
    BOOST_TEST(r.seconds > 0.0);
    BOOST_TEST(r.delivered == 5U * bw_window);  // one pair, (4 + 1) windows
  }
}

BOOST_AUTO_TEST_CASE(bandwidth_verification_catches_a_lost_message) {
  auto in = pingpong_input(PayloadCheck::stamp);
  in.mode = PipeMode::bw;
  in.plan.window = bw_window;
  in.plan.iterations = 2;
  in.plan.warmup = 0;
  auto out = omp::pipe::bandwidth(in.plan);
  out.sweep[3].delivered -= 1;
  Verdict v;
  verify(in, serial(in), out, v);
  BOOST_TEST(!v.ok());
}

BOOST_AUTO_TEST_CASE(ring_delivers_every_message_once_in_order) {
  // More messages than slots, each with its own stamp, the receiver slower at times.
  omp::pipe::Ring ring;
  const std::size_t bytes = 24, count = 1000;
  std::vector<Buffer> messages;  // one each: the ring wraps 15 times, a full ring waits
  for (std::size_t k = 0; k < count; ++k) messages.emplace_back(bytes);
  std::vector<std::uint64_t> got;
  std::thread receiver([&] {
    Buffer recv(bytes);
    for (std::size_t k = 0; k < count; ++k) {
      if (k % 97 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      BOOST_TEST(ring.take(recv.data()) == bytes);
      std::uint64_t first;
      std::memcpy(&first, recv.data(), 8);
      got.push_back(check_message(recv.data(), bytes, k, PayloadCheck::full) ? k : first);
    }
  });
  for (std::size_t k = 0; k < count; ++k) {
    write_message(messages[k].data(), bytes, k, PayloadCheck::full);
    ring.post(messages[k].data(), bytes);
  }
  receiver.join();
  std::vector<std::uint64_t> expected(count);
  for (std::size_t k = 0; k < count; ++k) expected[k] = k;
  BOOST_TEST(got == expected);
}

BOOST_AUTO_TEST_CASE(empty_sweep_terminates) {
  Plan p;
  p.iterations = 1;
  const auto out = omp::pipe::ping_pong(p);
  BOOST_TEST(out.sweep.empty());
}

BOOST_AUTO_TEST_CASE(a_team_of_one_is_refused_not_hung) {
  const int levels = omp_get_max_active_levels();
  omp_set_max_active_levels(1);  // the pipe's region, nested, gets one thread
  bool refused = false;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    try {
      omp::pipe::send_one(3);
    } catch (const UsageError&) {
      refused = true;
    }
  }
  omp_set_max_active_levels(levels);
  BOOST_TEST(refused);
}

BOOST_AUTO_TEST_SUITE_END()
