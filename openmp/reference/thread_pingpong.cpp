// Reference, not an example: the cheapest thread-to-thread ping-pong this
// machine allows, the yardstick of omp_pipe --mode pingpong. No project code:
// plain C++20 threads. Each direction has one cache-line-aligned atomic slot
// holding the sequence number of the last message; the receiver spins on it
// (no pause hint, no parking), then copies the message out of the sender's
// buffer with one memcpy, the least a message between two threads' buffers
// costs. Latency = round trip / 2, bandwidth = size / latency (1 MB = 10^6 B);
// same sizes, iterations and warm-ups as ref_pingpong and omp_pipe. The two
// threads are pinned to the first two CPUs of the process's affinity mask
// (--no-pin leaves them to the scheduler), as OMP_PROC_BIND pins the pipe's.
// --mode bw is osu_bw's loop, the yardstick of omp_pipe --mode bw: per
// iteration the sender posts 64 messages (one store of the sequence each, no
// waiting), the receiver copies each out of the sender's buffer as it sees it
// posted and publishes how many it took; the sender's wait for the 64th is the
// ack. Bandwidth = size x 64 x iterations / the sender's time (100 iterations
// up to 8 KiB, 20 above, after 10 and 2 warm-ups, as osu_bw).
#include <pthread.h>
#include <sched.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace {

struct alignas(64) Slot {  // one cache line per direction: no false sharing
  std::atomic<std::uint64_t> sequence{0};
};

// The first two CPUs this process may run on, or none.
std::vector<int> two_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE && cpus.size() < 2; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  if (cpus.size() < 2) cpus.clear();
  return cpus;
}

void pin(std::thread& t, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(t.native_handle(), sizeof set, &set);
}

int run(int argc, char** argv) {
  CLI::App app{
      "thread_pingpong: two threads, one atomic slot each way, spinning; the reference of "
      "omp_pipe --mode pingpong"};
  std::vector<std::size_t> sizes;
  for (std::size_t s = 1; s <= (std::size_t{4} << 20); s *= 2) sizes.push_back(s);
  std::uint64_t iterations = 1000, iterations_large = 100, warmup = 100, warmup_large = 10;
  bool json = false, no_pin = false;
  std::string mode = "pingpong";
  app.add_option("--mode", mode, "pingpong (latency) or bw (osu_bw's window of 64)")
      ->check(CLI::IsMember({"pingpong", "bw"}));
  app.add_option("--sizes", sizes, "message sizes in bytes")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 28));
  app.add_option("--iterations", iterations, "timed round trips up to 8 KiB")
      ->check(CLI::Range(1, 100'000'000));
  app.add_option("--iterations-large", iterations_large, "timed round trips above 8 KiB")
      ->check(CLI::Range(1, 10'000'000));
  app.add_flag("--no-pin", no_pin, "leave the two threads unpinned");
  app.add_flag("--json", json, "one JSON object on stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }

  const bool bw = mode == "bw";
  constexpr std::uint64_t window = 64;
  if (bw) {  // osu_bw's defaults, unless given
    if (app.count("--iterations") == 0) iterations = 100;
    if (app.count("--iterations-large") == 0) iterations_large = 20;
    warmup = 10;
    warmup_large = 2;
  }
  const std::size_t cap = sizes.empty() ? 1 : *std::max_element(sizes.begin(), sizes.end());
  // Each thread's send and receive buffers, first touched by the thread itself.
  std::vector<char> ping_buf[2], pong_buf[2];
  Slot to_pong, to_ping;
  std::vector<double> seconds(sizes.size());
  std::vector<std::uint64_t> timed(sizes.size());
  std::atomic<int> ready{0};
  auto barrier = [&ready](int phase) {  // both threads at the same size
    ready.fetch_add(1, std::memory_order_acq_rel);
    while (ready.load(std::memory_order_acquire) < 2 * phase) {
    }
  };
  // One end: `me` 0 pings, 1 pongs. Message k of a size carries sequence k + 1
  // (continuing across sizes, so a slot only ever grows).
  auto end = [&](int me) {
    std::vector<char>* mine = me == 0 ? ping_buf : pong_buf;
    const std::vector<char>* theirs = me == 0 ? pong_buf : ping_buf;
    Slot& tx = me == 0 ? to_pong : to_ping;
    Slot& rx = me == 0 ? to_ping : to_pong;
    mine[0].assign(cap, static_cast<char>('a' + me));  // send buffer
    mine[1].assign(cap, 0);                            // receive buffer
    std::uint64_t seq = 0;
    int phase = 1;
    barrier(phase++);  // the peer's buffers exist
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      const std::size_t bytes = sizes[s];
      const bool large = bytes > 8192;
      const std::uint64_t skip = large ? warmup_large : warmup,
                          total = skip + (large ? iterations_large : iterations);
      barrier(phase++);
      auto t0 = std::chrono::steady_clock::now();
      for (std::uint64_t i = 0; i < total; ++i) {
        if (i == skip) t0 = std::chrono::steady_clock::now();
        if (bw && me == 0) {  // post the window, then wait for its last message's take
          for (std::uint64_t j = 0; j < window; ++j)
            tx.sequence.store(++seq, std::memory_order_release);
          while (rx.sequence.load(std::memory_order_acquire) != seq) {
          }
        } else if (bw) {
          for (std::uint64_t j = 0; j < window; ++j) {
            ++seq;
            while (rx.sequence.load(std::memory_order_acquire) < seq) {
            }
            std::memcpy(mine[1].data(), theirs[0].data(), bytes);
            tx.sequence.store(seq, std::memory_order_release);
          }
        } else if (me == 0) {
          tx.sequence.store(++seq, std::memory_order_release);
          while (rx.sequence.load(std::memory_order_acquire) != seq) {
          }
          std::memcpy(mine[1].data(), theirs[0].data(), bytes);
        } else {
          ++seq;
          while (rx.sequence.load(std::memory_order_acquire) != seq) {
          }
          std::memcpy(mine[1].data(), theirs[0].data(), bytes);
          tx.sequence.store(seq, std::memory_order_release);
        }
      }
      if (me == 0) {
        seconds[s] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        timed[s] = total - skip;
      }
    }
  };
  // Ping's send buffer is read by pong while ping waits for the reply, and
  // ping's next store of the slot follows that reply: no data race.
  std::thread pong(end, 1);
  const std::vector<int> cpus = no_pin ? std::vector<int>{} : two_cpus();
  if (!cpus.empty()) {
    pin(pong, cpus[1]);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpus[0], &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  }
  end(0);
  pong.join();

  std::string rows;
  if (!json) {
    std::printf("# pinned: %s\n",
                cpus.empty()
                    ? "no"
                    : ("CPUs " + std::to_string(cpus[0]) + "," + std::to_string(cpus[1])).c_str());
    std::printf(bw ? "# Size          Bandwidth (MB/s)   Iterations\n"
                   : "# Size [B]      Latency [us]   Bandwidth [MB/s]   Iterations\n");
  }
  for (std::size_t s = 0; s < sizes.size(); ++s) {
    const double latency_us = seconds[s] / (2.0 * static_cast<double>(timed[s])) * 1e6;
    const double mbps =
        bw ? (seconds[s] > 0 ? static_cast<double>(sizes[s] * window * timed[s]) / seconds[s] / 1e6
                             : 0.0)
           : (latency_us > 0 ? static_cast<double>(sizes[s]) / latency_us : 0.0);
    if (bw && json) {
      char row[160];
      std::snprintf(row, sizeof row, "%s{\"size\":%zu,\"bandwidth_MBps\":%.6g,\"iterations\":%llu}",
                    rows.empty() ? "" : ",", sizes[s], mbps,
                    static_cast<unsigned long long>(timed[s]));
      rows += row;
    } else if (bw) {
      std::printf("%-10zu%20.2f %12llu\n", sizes[s], mbps,
                  static_cast<unsigned long long>(timed[s]));
    } else if (json) {
      char row[192];
      std::snprintf(
          row, sizeof row,
          "%s{\"size\":%zu,\"latency_us\":%.4g,\"bandwidth_MBps\":%.6g,\"iterations\":%llu}",
          rows.empty() ? "" : ",", sizes[s], latency_us, mbps,
          static_cast<unsigned long long>(timed[s]));
      rows += row;
    } else {
      std::printf("  %-10zu %15.3f %18.2f %12llu\n", sizes[s], latency_us, mbps,
                  static_cast<unsigned long long>(timed[s]));
    }
  }
  if (json)
    std::printf("{\"reference\":\"thread_pingpong\",\"mode\":\"%s\",\"pinned\":%s,\"rows\":[%s]}\n",
                mode.c_str(), cpus.empty() ? "false" : "true", rows.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // allocation or thread creation
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
}
