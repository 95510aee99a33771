// Memory accounting for the examples that hold large arrays: how much the
// machine can still give (so that a size that cannot fit is refused up front,
// not killed half-way) and the peak resident set a run reached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hpcp {

// Bytes a new allocation can count on: MemAvailable from /proc/meminfo (or
// sysconf(_SC_AVPHYS_PAGES) * page size without it), lowered to what a
// cgroup v2 memory.max still allows when one applies.
std::uint64_t available_memory_bytes();

// Free bytes of the file system that holds `dir` (statvfs); nullopt when it
// cannot be read. Shared-memory windows live in such a directory (/dev/shm).
std::optional<std::uint64_t> free_bytes_at(const std::string& dir);

// Peak resident set of this process so far (getrusage ru_maxrss), in bytes.
std::uint64_t peak_rss_bytes();

// "1.49 GiB", "12.0 MiB": for messages.
std::string bytes_text(std::uint64_t bytes);

}  // namespace hpcp
