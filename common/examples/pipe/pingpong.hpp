// pipe's benchmarks (--mode pingpong and --mode bw), shared by both models:
// the sweep's plan, the payload protocol every message carries and how its
// receiver checks it, the serial baseline (one loopback pair), verification,
// metrics and the printed table. OSU-style:
// - pingpong (osu_latency): round trips over message sizes, latency = round
//   trip / 2 (bandwidth = bytes / latency, kept in the JSON);
// - bw (osu_bw): per iteration a window of 64 messages sent back to back, then
//   one short ack back; bandwidth = bytes x window x iterations / time. As in
//   osu_bw the 64 go out of one send buffer (concurrent sends may share one);
//   each has a receive buffer of its own (pending receives may not), so all
//   carry iteration i's stamp and a lost one leaves an older stamp behind.
// The table is OSU's: '#' headers, then "size value" per line. The notebook's
// one-message exchange is spec.hpp's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/core/report.hpp"
#include "common/core/variants.hpp"
#include "common/core/verify.hpp"

namespace hpcp {

// How ping-pong payloads are checked: `stamp` keeps the timed loop as plain as
// OSU's (two 8-byte words per message), `full` checks every byte of every
// message inside the timed loop and so times that work too.
enum class PayloadCheck { stamp, full };
inline constexpr std::array<Choice<PayloadCheck>, 2> payload_check_table{{
    {PayloadCheck::stamp, "stamp",
     "every message's first and last 8-byte words carry (size, iteration) and are checked on "
     "receipt; the whole last message of each size is checked after the timed loop"},
    {PayloadCheck::full, "full",
     "every byte of every message carries a (size, iteration) pattern, written before sending "
     "and checked on receipt inside the timed loop (timings include it)"},
}};
constexpr const auto& choices(PayloadCheck) { return payload_check_table; }

namespace pipe {

inline constexpr std::size_t max_message_bytes = std::size_t{1}
                                                 << 28;   // 256 MiB, fits an MPI count
inline constexpr std::size_t large_message_bytes = 8192;  // OSU: larger ones get fewer iterations
inline constexpr std::size_t bw_window = 64;              // osu_bw's window size
inline constexpr std::size_t ack_bytes = 4;               // osu_bw's ack

// Message sizes and iteration counts of a sweep.
struct Plan {
  std::vector<std::size_t> sizes;
  std::size_t window = 0;  // bw: messages per iteration, sent back to back; 0: ping-pong
  // Unset: ping-pong 1000/100 up to 8 KiB, 100/10 above; bw 100/10 and 20/2 (osu_bw's).
  std::optional<std::uint64_t> iterations, warmup;
  PayloadCheck check = PayloadCheck::stamp;
  std::uint64_t iterations_for(std::size_t bytes) const;
  std::uint64_t warmup_for(std::size_t bytes) const;
  std::size_t max_bytes() const;
  // Data messages one pair delivers per iteration: 2 (ping and pong) or the window.
  std::uint64_t messages_per_iteration() const { return window > 0 ? window : 2; }
};

// One message size of the sweep; seconds cover the timed iterations only.
struct SizeResult {
  std::size_t bytes = 0;
  std::uint64_t iterations = 0, warmup = 0;
  double seconds = 0;           // slowest pair
  std::uint64_t delivered = 0;  // data messages received, all pairs (acks not counted)
  std::uint64_t corrupt = 0;    // messages whose payload failed its check
  std::size_t window = 0;       // as the plan's
  double latency_us() const {   // ping-pong: a round trip / 2
    return iterations ? seconds / (2.0 * static_cast<double>(iterations)) * 1e6 : 0.0;
  }
  double bandwidth_mbps() const {  // 1 MB = 1e6 B, as OSU
    if (window > 0)
      return seconds > 0 ? static_cast<double>(bytes * window) * static_cast<double>(iterations) /
                               seconds / 1e6
                         : 0.0;
    return latency_us() > 0 ? static_cast<double>(bytes) / latency_us() : 0.0;
  }
};

// The payload protocol.
// A message of `bytes` bytes sent in iteration i is the array of 64-bit words
// W_k = base(bytes, i) + k * step (native byte order), cut to `bytes`. In
// stamp mode only words 0 and last change per iteration; the others hold the
// body pattern (iteration body_iteration), written once per size.
inline constexpr std::uint64_t body_iteration = ~std::uint64_t{0};
inline constexpr std::uint64_t pattern_step = 0xD1B54A32D192ED03ULL;

inline std::uint64_t pattern_base(std::size_t bytes, std::uint64_t iteration) noexcept {
  std::uint64_t z = (static_cast<std::uint64_t>(bytes) * 0x9E3779B97F4A7C15ULL) ^ iteration;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;  // splitmix64 finaliser
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline void put_word(std::byte* buf, std::size_t bytes, std::size_t k, std::uint64_t w) noexcept {
  const std::size_t at = 8 * k;
  if (at + 8 <= bytes)
    std::memcpy(buf + at, &w, 8);
  else
    std::memcpy(buf + at, &w, bytes - at);
}
inline bool word_is(const std::byte* buf, std::size_t bytes, std::size_t k,
                    std::uint64_t w) noexcept {
  const std::size_t at = 8 * k;
  if (at + 8 <= bytes) {
    std::uint64_t got;
    std::memcpy(&got, buf + at, 8);
    return got == w;
  }
  return std::memcmp(buf + at, &w, bytes - at) == 0;
}

// Words [0, bytes / 8) whole, then the tail; full mode loops over these.
inline void fill_words(std::byte* buf, std::size_t bytes, std::uint64_t base) noexcept {
  const std::size_t whole = bytes / 8;
  for (std::size_t k = 0; k < whole; ++k) {
    const std::uint64_t w = base + k * pattern_step;
    std::memcpy(buf + 8 * k, &w, 8);
  }
  if (bytes % 8 != 0) put_word(buf, bytes, whole, base + whole * pattern_step);
}
inline std::size_t count_wrong_words(const std::byte* buf, std::size_t bytes,
                                     std::uint64_t base) noexcept {
  const std::size_t whole = bytes / 8;
  std::size_t wrong = 0;
  for (std::size_t k = 0; k < whole; ++k) {
    std::uint64_t got;
    std::memcpy(&got, buf + 8 * k, 8);
    wrong += got != base + k * pattern_step;
  }
  if (bytes % 8 != 0) wrong += !word_is(buf, bytes, whole, base + whole * pattern_step);
  return wrong;
}

// Before sending message `iteration`: stamp mode writes words 0 and last,
// full mode the whole payload.
inline void write_message(std::byte* buf, std::size_t bytes, std::uint64_t iteration,
                          PayloadCheck check) noexcept {
  if (bytes == 0) return;
  const std::uint64_t base = pattern_base(bytes, iteration);
  const std::size_t last = (bytes - 1) / 8;
  switch (check) {
    case PayloadCheck::stamp:
      put_word(buf, bytes, 0, base);
      put_word(buf, bytes, last, base + last * pattern_step);
      return;
    case PayloadCheck::full:
      fill_words(buf, bytes, base);
      return;
  }
}

// On receipt of message `iteration`: the words write_message() wrote.
inline bool check_message(const std::byte* buf, std::size_t bytes, std::uint64_t iteration,
                          PayloadCheck check) noexcept {
  if (bytes == 0) return true;
  const std::uint64_t base = pattern_base(bytes, iteration);
  const std::size_t last = (bytes - 1) / 8;
  switch (check) {
    case PayloadCheck::stamp:
      return word_is(buf, bytes, 0, base) && word_is(buf, bytes, last, base + last * pattern_step);
    case PayloadCheck::full:
      return count_wrong_words(buf, bytes, base) == 0;
  }
  return false;
}

// Once per size, outside the timed loop: the send buffer gets the body
// pattern, the receive buffer a poison no message carries.
void prepare_buffers(std::byte* send, std::byte* recv, std::size_t bytes);
// Words of `buf` that differ from the complete message `iteration`.
std::size_t wrong_words(const std::byte* buf, std::size_t bytes, std::uint64_t iteration,
                        PayloadCheck check);

// Page-aligned storage for message buffers (no allocation in timed loops).
class Buffer {
 public:
  explicit Buffer(std::size_t bytes);
  std::byte* data() const { return data_.get(); }

 private:
  struct Free {
    void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t{4096}); }
  };
  std::unique_ptr<std::byte[], Free> data_;
};

// Default sweep: 1 B to 4 MiB in powers of two.
std::vector<std::size_t> default_sizes();
// OSU's -m MIN:MAX: MIN, then doubled while <= MAX (0 is followed by 1).
std::vector<std::size_t> power_of_two_sizes(std::size_t min, std::size_t max);

// The sweep's parameters for the report.
Json sweep_params(const Plan& plan);

// Serial baseline: the sweep's messages copied back and forth by one thread
// (one loopback pair, no hand-off).
std::vector<SizeResult> serial_sweep(const Plan& plan);

// A parallel sweep of `pairs` pairs at once against the plan and against the
// serial (one-pair) sweep, size by size: every message delivered, every payload intact.
void verify_sweep(const Plan& plan, int pairs, const std::vector<SizeResult>& serial,
                  const std::vector<SizeResult>& parallel, Verdict& verdict);

// Messages sent and received, failed checks and the sizes, for the result JSON.
Json sweep_json(const Plan& plan, const std::vector<SizeResult>& sweep, int pairs);

// Latency (ping-pong) and bandwidth per size for report.metrics, and OSU's
// table as the report's (report.hpp: printed first, also under --quiet; --csv
// one row per size); `over`: what carried the messages, for the table's title.
void add_sweep_report(Report& report, const Plan& plan, const std::vector<SizeResult>& sweep,
                      const std::string& over);

}  // namespace pipe
}  // namespace hpcp
