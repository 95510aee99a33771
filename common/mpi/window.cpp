#include "common/mpi/window.hpp"

#include <exception>

namespace hpcp::mpi {

Window::Window(MPI_Win win) : win_(win) {
  if (win_ != MPI_WIN_NULL) MPI_Win_set_errhandler(win_, MPI_ERRORS_RETURN);
}

Window& Window::operator=(Window&& other) noexcept {
  if (this != &other) {
    release();
    win_ = std::exchange(other.win_, MPI_WIN_NULL);
    locked_all_ = std::exchange(other.locked_all_, false);
  }
  return *this;
}

void Window::release() noexcept {
  if (win_ == MPI_WIN_NULL) return;
  if (std::uncaught_exceptions() == 0) {
    if (locked_all_) MPI_Win_unlock_all(win_);
    MPI_Win_free(&win_);
  }
  win_ = MPI_WIN_NULL;
}

Comm& Comm::operator=(Comm&& other) noexcept {
  if (this != &other) {
    release();
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
  }
  return *this;
}

void Comm::release() noexcept {
  if (comm_ != MPI_COMM_NULL && std::uncaught_exceptions() == 0) MPI_Comm_free(&comm_);
  comm_ = MPI_COMM_NULL;
}

}  // namespace hpcp::mpi
