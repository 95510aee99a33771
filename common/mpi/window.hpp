// Ownership of an MPI window and of a communicator (thin: the examples make
// the MPI calls). The
// window is freed when its owner goes out of scope, after closing the
// MPI_Win_lock_all epoch it was told about. MPI_Win_free is collective, so
// while an exception unwinds (one rank failing alone) it is skipped: the MPI
// driver then ends the job with MPI_Abort, and a collective here could wait
// for ranks that never come.
#pragma once

#include <mpi.h>

#include <utility>

namespace hpcp::mpi {

class Window {
 public:
  Window() = default;
  // Takes `win` and makes its errors return codes for check().
  explicit Window(MPI_Win win);
  Window(Window&& other) noexcept
      : win_(std::exchange(other.win_, MPI_WIN_NULL)),
        locked_all_(std::exchange(other.locked_all_, false)) {}
  Window& operator=(Window&& other) noexcept;
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window() { release(); }

  MPI_Win get() const { return win_; }
  // The caller opened MPI_Win_lock_all on it: close that epoch before freeing.
  void unlock_all_before_free() { locked_all_ = true; }

 private:
  void release() noexcept;
  MPI_Win win_ = MPI_WIN_NULL;
  bool locked_all_ = false;
};

// Ownership of a communicator (MPI_COMM_NULL allowed), freed like a Window:
// not while an exception unwinds.
class Comm {
 public:
  Comm() = default;
  explicit Comm(MPI_Comm comm) : comm_(comm) {}
  Comm(Comm&& other) noexcept : comm_(std::exchange(other.comm_, MPI_COMM_NULL)) {}
  Comm& operator=(Comm&& other) noexcept;
  Comm(const Comm&) = delete;
  Comm& operator=(const Comm&) = delete;
  ~Comm() { release(); }
  MPI_Comm get() const { return comm_; }

 private:
  void release() noexcept;
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace hpcp::mpi
